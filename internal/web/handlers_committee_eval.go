package web

import (
	"net/http"
	"sort"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/review"
)

// worklistData is an evaluator's list of assignments: pending work first,
// counts by state, and a due-date column only when some assignment has one.
type worklistData struct {
	Items     []workRow
	Counts    []workCount
	HasDue    bool
	CanAssign bool // officers: a pointer to the calls' assignment pages
	Pager     pagerView
}

// evalPageSize is how many rows the evaluation area's long lists show on
// one page (the evaluator's list, a call's scores).
const evalPageSize = 25

// evalPage cuts a list of n rows to the page ?page= asks (clamped to the
// pages there are): the rows' bounds and the page links, filters kept.
func evalPage(c *gin.Context, n int) (from, to int, pg pagerView) {
	page, _ := strconv.Atoi(c.Query("page"))
	pages := max(1, (n+evalPageSize-1)/evalPageSize)
	page = min(max(page, 1), pages)
	pg = pagerOf(c, application.Page{Total: n, Page: page, PerPage: evalPageSize})
	return (page - 1) * evalPageSize, min(page*evalPageSize, n), pg
}

// workRow is one assignment with its state's key; a submitted review is
// locked, so its row offers to view it, not to score it.
type workRow struct {
	review.WorkItem
	State  string // committee.state.* suffix
	Locked bool
}

// workCount is the number of assignments in one state.
type workCount struct {
	State string
	N     int
}

// workStates orders the states: what the evaluator still has to do first.
var workStates = []string{"to_declare", "to_score", "draft", "submitted"}

// workState is an assignment's state in the evaluator's terms.
func workState(it review.WorkItem) string {
	switch {
	case !it.Declared:
		return "to_declare"
	case it.ReviewStatus == review.SubmittedReview:
		return "submitted"
	case it.ReviewStatus == review.DraftReview:
		return "draft"
	}
	return "to_score"
}

// worklistView sorts the items pending first (stable: soonest due first
// within a state, as the store lists them) and counts them by state.
func worklistView(items []review.WorkItem) worklistData {
	var d worklistData
	n := map[string]int{}
	for _, it := range items {
		st := workState(it)
		n[st]++
		d.Items = append(d.Items, workRow{WorkItem: it, State: st, Locked: st == "submitted"})
		d.HasDue = d.HasDue || it.DueAt != nil
	}
	rank := map[string]int{}
	for i, st := range workStates {
		rank[st] = i
		if n[st] > 0 {
			d.Counts = append(d.Counts, workCount{State: st, N: n[st]})
		}
	}
	sort.SliceStable(d.Items, func(i, j int) bool { return rank[d.Items[i].State] < rank[d.Items[j].State] })
	return d
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
	d := worklistView(items)
	d.CanAssign = p.Can("review", "assign")
	from, to, pg := evalPage(c, len(d.Items))
	d.Items, d.Pager = d.Items[from:to], pg
	p.Data = d
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
	p.Step("dash.nav.evaluations", "/reviews")
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
	p.Step("dash.nav.evaluations", "/reviews")
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
