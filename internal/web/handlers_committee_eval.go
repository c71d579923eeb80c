package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/review"
)

// worklistData is an evaluator's list of assignments.
type worklistData struct {
	Items     []review.WorkItem
	CanAssign bool // officers: a pointer to the calls' assignment pages
}

// worklist shows the signed-in user's active assignments with their due
// dates and what to do next: declare, then score.
func (s *Server) worklist(c *gin.Context) {
	items, err := s.reviewStore().Worklist(c.Request.Context(), currentUser(c).ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.newPage(c, "committee.worklist.title")
	p.Data = worklistData{Items: items, CanAssign: p.Can("review", "assign")}
	s.render(c, http.StatusOK, "committee/worklist", p)
}

// declareData is the declaration page: the brief, the statement in the
// evaluator's language and, once made, the declaration.
type declareData struct {
	Brief     review.Brief
	Statement string
	Declared  *review.Declaration
}

// declaration loads the brief of the evaluator's own active assignment
// :id; 404 for anyone else's or an ended one.
func (s *Server) declaration(c *gin.Context) (declareData, bool) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return declareData{}, false
	}
	st := s.reviewStore()
	u := currentUser(c)
	b, err := st.DeclarationBrief(c.Request.Context(), id, u.ID)
	if err != nil {
		s.respondError(c, err)
		return declareData{}, false
	}
	d := declareData{Brief: b, Statement: s.cat.T(s.lang(c), "committee.declare.statement")}
	dec, err := st.Declaration(c.Request.Context(), b.ApplicationID, u.ID)
	switch {
	case err == nil:
		d.Declared = &dec
	case !apperr.Is(err, apperr.NotFound):
		s.fail(c, err)
		return declareData{}, false
	}
	return d, true
}

func (s *Server) declareForm(c *gin.Context) {
	d, ok := s.declaration(c)
	if !ok {
		return
	}
	p := s.newPage(c, "committee.declare.title")
	newForm(p, "conflict", "comment")
	p.Data = d
	s.render(c, http.StatusOK, "committee/declare", p)
}

// declare records the declaration; a conflict recuses the evaluator (and
// a replacement is assigned), no conflict opens the application.
func (s *Server) declare(c *gin.Context) {
	d, ok := s.declaration(c)
	if !ok || !s.parseForm(c) {
		return
	}
	if d.Declared != nil {
		s.respondError(c, apperr.New(apperr.Conflict, "committee.error.already_declared"))
		return
	}
	p := s.newPage(c, "committee.declare.title")
	f := newForm(p, "conflict", "comment")
	f.Values["conflict"], f.Values["comment"] = postValue(c, "conflict"), postValue(c, "comment")
	var err error
	if f.Values["conflict"] != "yes" && f.Values["conflict"] != "no" {
		err = apperr.Field("conflict", "committee.error.choose")
	} else {
		_, _, err = s.reviewStore().Declare(c.Request.Context(), d.Brief.AssignmentID, currentUser(c).ID,
			review.DeclarationInput{Conflict: f.Values["conflict"] == "yes", Lang: string(p.Lang), Statement: d.Statement,
				Comment: f.Values["comment"]})
	}
	if err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			s.respondError(c, err)
			return
		}
		f.setError(err)
		p.Data = d
		s.render(c, http.StatusUnprocessableEntity, "committee/declare", p)
		return
	}
	if f.Values["conflict"] == "yes" {
		s.setFlash(c, "committee.flash.recused")
		c.Redirect(http.StatusSeeOther, "/reviews")
		return
	}
	// The next step is scoring: the form links the application (issue 11).
	s.setFlash(c, "committee.flash.declared")
	c.Redirect(http.StatusSeeOther, "/assignments/"+strconv.FormatInt(d.Brief.AssignmentID, 10)+"/review")
}
