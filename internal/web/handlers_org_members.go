package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/org"
)

type orgMembersData struct {
	P           org.Profile
	Members     []auth.User
	Invitations []org.Invitation
	CanInvite   bool
}

func (s *Server) orgMembers(c *gin.Context) {
	prof, sc, ok := s.orgProfile(c)
	if !ok {
		return
	}
	p := s.newPage(c, "org.members_title")
	orgSteps(p, prof, false)
	f := newForm(p, "email", "lang")
	f.Values["lang"] = string(p.Lang)
	s.renderMembers(c, http.StatusOK, p, prof, sc)
}

func (s *Server) renderMembers(c *gin.Context, status int, p *Page, prof org.Profile, sc access.Scope) {
	ctx := c.Request.Context()
	members, err := s.accounts.Members(ctx, prof.OrgID)
	if err != nil {
		s.fail(c, err)
		return
	}
	invs, err := s.orgs().Invitations(ctx, sc, prof.OrgID)
	if err != nil {
		s.fail(c, err)
		return
	}
	p.Data = orgMembersData{P: prof, Members: members, Invitations: invs, CanInvite: p.Can("organisation", "edit")}
	s.render(c, status, "organisations/members", p)
}

// orgInvite invites someone by email to join the organisation; the mail,
// in the invitee's chosen language, is written in the same transaction.
func (s *Server) orgInvite(c *gin.Context) {
	// Inviting is editing the organisation: the edit scope (own_org for
	// applicants) decides, so only members invite.
	prof, sc, ok := s.orgProfile(c)
	if !ok || !s.parseForm(c) {
		return
	}
	u := currentUser(c)
	email, lang := postValue(c, "email"), postValue(c, "lang")
	_, err := s.orgs().Invite(c.Request.Context(), sc, prof.OrgID, u.ID, email, lang, s.invitationMail(u.Name))
	if err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			s.respondError(c, err)
			return
		}
		p := s.newPage(c, "org.members_title")
		orgSteps(p, prof, false)
		f := newForm(p, "email", "lang")
		f.Values["email"], f.Values["lang"] = email, lang
		f.setError(err)
		s.renderMembers(c, http.StatusUnprocessableEntity, p, prof, sc)
		return
	}
	s.setFlash(c, "org.invite.sent")
	c.Redirect(http.StatusSeeOther, "/organisations/"+strconv.FormatInt(prof.OrgID, 10)+"/members")
}

type orgAcceptData struct {
	Token string
	Inv   org.Invitation
}

// acceptForm asks the invitee for a name and a password; a dead link says so.
func (s *Server) acceptForm(c *gin.Context) {
	token := c.Query("token")
	inv, err := s.orgs().Invitation(c.Request.Context(), token)
	if err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			s.fail(c, err)
			return
		}
		s.renderStatusPage(c, http.StatusNotFound, "org.invite.accept_title", "org.invite.error.invalid")
		return
	}
	p := s.newPage(c, "org.invite.accept_title")
	newForm(p, "name", "password")
	p.Data = orgAcceptData{Token: token, Inv: inv}
	s.render(c, http.StatusOK, "organisations/accept", p)
}

// acceptInvitation creates the invitee's account, uses the link up and signs in.
func (s *Server) acceptInvitation(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	ctx := c.Request.Context()
	token := postValue(c, "token")
	userID, err := s.orgs().Accept(ctx, token, postValue(c, "name"), c.Request.PostForm.Get("password"))
	if err != nil {
		e := apperr.As(err)
		switch {
		case e.Code == apperr.Invalid && len(e.Fields) > 0:
			inv, ierr := s.orgs().Invitation(ctx, token)
			if ierr != nil {
				s.respondError(c, ierr)
				return
			}
			p := s.newPage(c, "org.invite.accept_title")
			f := newForm(p, "name", "password")
			f.Values["name"] = postValue(c, "name")
			f.setError(err)
			p.Data = orgAcceptData{Token: token, Inv: inv}
			s.render(c, http.StatusUnprocessableEntity, "organisations/accept", p)
		case e.Code == apperr.Invalid:
			s.renderStatusPage(c, http.StatusNotFound, "org.invite.accept_title", e.Key)
		default:
			s.respondError(c, err)
		}
		return
	}
	if err := s.signInAs(c, userID); err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "org.invite.accepted")
	c.Redirect(http.StatusSeeOther, "/organisations/mine")
}
