package web

import (
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/authz"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/money"
)

// applicationStore is built per request on the server's database, clock,
// catalogue and donor profiles (all loaded once at start).
func (s *Server) applicationStore() *application.Store {
	st := application.NewStore(s.db, s.profiles, s.cat)
	st.Now = s.now
	return st
}

// applicationScope turns the granted relation into the rows SQL may reach:
// any → every application; own_org → the applicant's organisations (and
// applications naming them as partners), or a donor officer's programmes;
// assigned → an evaluator's applications with an active assignment and a
// declaration of no conflict (read at every request, so un-assigning takes
// effect at once).
func (s *Server) applicationScope(c *gin.Context) (application.Scope, error) {
	switch scopeOf(c) {
	case authz.Any:
		return application.Everything(), nil
	case authz.OwnOrg:
		u := currentUser(c)
		ids, err := s.accounts.OrgIDsOf(c.Request.Context(), u.ID)
		if u.Role == auth.DonorOfficer {
			return application.Scope{DonorOrgIDs: ids}, err
		}
		return application.Orgs(ids...), err
	case authz.Assigned:
		ids, err := s.reviewStore().AssignedApplicationIDs(c.Request.Context(), currentUser(c).ID)
		return application.Scope{AppIDs: ids}, err
	}
	return application.Scope{}, nil
}

// submitter is the signed-in user as the receipt names it.
func submitter(c *gin.Context) application.Submitter {
	u := currentUser(c)
	return application.Submitter{UserID: u.ID, Name: u.Name, Email: u.Email, Lang: u.Lang}
}

// applicantOrg picks the organisation a new application is for: the one
// given (which must be one of the user's), else the user's only one.
func (s *Server) applicantOrg(c *gin.Context, given *int64) (int64, error) {
	ids, err := s.accounts.OrgIDsOf(c.Request.Context(), currentUser(c).ID)
	if err != nil {
		return 0, err
	}
	if given != nil {
		for _, id := range ids {
			if id == *given {
				return id, nil
			}
		}
		return 0, apperr.Field("organisation_id", "applications.error.organisation")
	}
	if len(ids) != 1 {
		return 0, apperr.Field("organisation_id", "applications.error.organisation")
	}
	return ids[0], nil
}

// problemMessage translates a problem with its arguments formatted for lang.
func (s *Server) problemMessage(lang i18n.Lang, p application.Problem) string {
	args := make([]any, 0, len(p.Args))
	for i, v := range p.Args {
		if i%2 == 1 {
			v = formatArg(lang, v)
		}
		args = append(args, v)
	}
	return s.cat.T(lang, p.Key, args...)
}

func formatArg(lang i18n.Lang, v any) string {
	switch x := v.(type) {
	case money.Amount:
		return i18n.Money(lang, x.Minor, x.Currency)
	case application.BP:
		s := strconv.FormatInt(int64(x)/100, 10)
		if r := int64(x) % 100; r != 0 {
			dec := "."
			if lang != i18n.EN {
				dec = ","
			}
			s += dec + strings.TrimRight(strconv.FormatInt(100+r, 10)[1:], "0")
		}
		return s
	case int:
		return strconv.Itoa(x)
	case interface{ Label(lang string) string }: // a call's required document
		return x.Label(string(lang))
	}
	return ""
}

// deadlineText is the call's deadline in its own time zone, for messages.
func deadlineText(lang i18n.Lang, c call.Call) string {
	if c.ClosesAt == nil {
		return ""
	}
	return i18n.DateTime(lang, *c.ClosesAt, c.Location()) + " (" + c.TimeZone + ")"
}
