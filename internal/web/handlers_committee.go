package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/review"
)

// committeeData is the officer's page of a call's committee.
type committeeData struct {
	Call       call.Call
	CallTitle  i18n.Shown
	Members    []review.Member
	Candidates []review.Person
	Roles      []string
	Languages  []string
	Chosen     []string       // languages ticked in the add form
	Removable  map[int64]bool // members that may be taken off now (no active work, committee not locked)
}

// LangChecked reports whether the add form had language l ticked.
func (d committeeData) LangChecked(l string) bool { return slices.Contains(d.Chosen, l) }

// committeeCallPath is the path of a call page.
func committeeCallPath(id int64, rest string) string {
	return "/calls/" + strconv.FormatInt(id, 10) + rest
}

func (s *Server) committeePage(c *gin.Context) {
	cl, ok := s.scopedCall(c)
	if !ok {
		return
	}
	p := s.newPage(c, "committee.title")
	newForm(p, "user_id", "role", "languages")
	s.renderCommittee(c, http.StatusOK, p, cl, nil)
}

func (s *Server) renderCommittee(c *gin.Context, status int, p *Page, cl call.Call, chosen []string) {
	st := s.reviewStore()
	ms, err := st.Members(c.Request.Context(), cl.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	cands, err := st.CommitteeCandidates(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	removable, err := st.Removable(c.Request.Context(), cl.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	p.Title = p.T("committee.title_of", "call", cl.Reference)
	p.callSteps(cl)
	p.Data = committeeData{Call: cl, CallTitle: cl.Titles().In(p.Lang), Members: ms, Candidates: cands,
		Roles: review.CommitteeRoles, Languages: review.CommitteeLanguages, Chosen: chosen, Removable: removable}
	s.render(c, status, "committee/members", p)
}

// addCommitteeMember adds an account to the committee (422 with field
// errors when refused).
func (s *Server) addCommitteeMember(c *gin.Context) {
	cl, ok := s.scopedCall(c)
	if !ok || !s.parseForm(c) {
		return
	}
	p := s.newPage(c, "committee.title")
	f := newForm(p, "user_id", "role", "languages")
	f.Values["user_id"], f.Values["role"] = postValue(c, "user_id"), postValue(c, "role")
	langs := c.Request.PostForm["languages"]
	userID, _ := strconv.ParseInt(f.Values["user_id"], 10, 64)
	_, err := s.reviewStore().AddMember(c.Request.Context(), cl.ID,
		review.MemberInput{UserID: userID, Role: f.Values["role"], Languages: langs}, currentUser(c).ID)
	if err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			s.respondError(c, err)
			return
		}
		f.setError(err)
		s.renderCommittee(c, http.StatusUnprocessableEntity, p, cl, langs)
		return
	}
	s.setFlash(c, "committee.flash.member_added")
	c.Redirect(http.StatusSeeOther, committeeCallPath(cl.ID, "/committee"))
}

// removeCommitteeMember takes a member off the committee; a member with
// active assignments is refused (409).
func (s *Server) removeCommitteeMember(c *gin.Context) {
	cl, ok := s.scopedCall(c)
	if !ok || !s.parseForm(c) {
		return
	}
	userID, err := strconv.ParseInt(postValue(c, "user_id"), 10, 64)
	if err != nil {
		s.notFound(c)
		return
	}
	if err := s.reviewStore().RemoveMember(c.Request.Context(), cl.ID, userID); err != nil {
		s.respondError(c, err)
		return
	}
	s.setFlash(c, "committee.flash.member_removed")
	c.Redirect(http.StatusSeeOther, committeeCallPath(cl.ID, "/committee"))
}
