package web

import (
	"net/url"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/org"
)

// invitationMail writes an organisation's invitation in the invitee's
// language, signed by inviter: the members page and the import send the
// same e-mail.
func (s *Server) invitationMail(inviter string) func(token string, inv org.Invitation) notify.Message {
	base := s.cfg.PublicBaseURL()
	days := int(org.InvitationTTL.Hours() / 24)
	return func(token string, inv org.Invitation) notify.Message {
		l, _ := i18n.ParseLang(inv.Lang)
		link := base + "/invitations/accept?token=" + url.QueryEscape(token)
		return notify.Message{To: inv.Email, Lang: string(l.Base()),
			Subject: s.cat.T(l, "org.invite.mail_subject", "org", inv.OrgName),
			Body:    s.cat.T(l, "org.invite.mail_body", "inviter", inviter, "org", inv.OrgName, "link", link, "days", days)}
	}
}
