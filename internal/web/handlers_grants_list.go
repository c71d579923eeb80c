package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/grant"
)

// grantRow is one line of the grants list: the agreement, its schedule
// summed by state and the next thing to do.
type grantRow struct {
	G                              grant.Agreement
	Paid, DueAmt, Planned, Balance int64
	NextKey                        string
}

type stateCount struct {
	Status grant.Status
	N      int
	Active bool
	Link   string
}

// sortHeader is a sortable column header: the link that sorts by it (the
// other way round when it is the current sort) and its aria-sort value.
type sortHeader struct {
	Link, AriaSort string
}

type grantsData struct {
	Rows       []grantRow
	Counts     []stateCount
	Total      int // every grant the filters other than the state reach
	Matching   int // those the state filter keeps too
	Status     string
	Query      string
	Programme  int64
	Sort       string
	Desc       bool
	AllLink    string
	Headers    map[string]sortHeader
	Programmes []optionItem
	Pager      pagerView
	Staff      bool
	Reader     bool // neither manages the grants nor is their grantee: the next step is a status line
	Waiting    []grant.Amendment
	Pending    []grant.PendingCall
}

// grantsPerPage keeps the list a screen or two tall.
const grantsPerPage = 20

func sumTranches(ts []grant.Tranche) (paid, due, planned int64) {
	for _, t := range ts {
		switch t.Status {
		case grant.Paid:
			paid += t.AmountMinor
		case grant.Due, grant.Requested:
			due += t.AmountMinor
		default:
			planned += t.AmountMinor
		}
	}
	return paid, due, planned
}

// grantsFilter reads the list's query: state, programme, call, search
// text, sort column and direction. Unknown values are dropped.
func grantsFilter(c *gin.Context) (grant.Filter, grant.Sort) {
	f := grant.Filter{Status: grant.Status(c.Query("status")), Query: strings.TrimSpace(c.Query("q"))}
	if f.Status != "" && !slices.Contains(grant.Statuses, f.Status) {
		f.Status = ""
	}
	if len([]rune(f.Query)) > 100 {
		f.Query = string([]rune(f.Query)[:100])
	}
	if v, err := strconv.ParseInt(c.Query("programme"), 10, 64); err == nil && v > 0 {
		f.ProgrammeID = v
	}
	if v, err := strconv.ParseInt(c.Query("call"), 10, 64); err == nil && v > 0 {
		f.CallID = v
	}
	o := grant.Sort{Key: c.Query("sort"), Desc: c.Query("dir") == "desc"}
	if _, ok := grant.SortKeys[o.Key]; !ok {
		o = grant.Sort{Key: "contract"}
	}
	return f, o
}

// grantsLink is the list with f and o (page 1).
func grantsLink(f grant.Filter, o grant.Sort) string {
	q := url.Values{}
	if f.Status != "" {
		q.Set("status", string(f.Status))
	}
	if f.ProgrammeID != 0 {
		q.Set("programme", strconv.FormatInt(f.ProgrammeID, 10))
	}
	if f.CallID != 0 {
		q.Set("call", strconv.FormatInt(f.CallID, 10))
	}
	if f.Query != "" {
		q.Set("q", f.Query)
	}
	if o.Key != "contract" || o.Desc {
		q.Set("sort", o.Key)
	}
	if o.Desc {
		q.Set("dir", "desc")
	}
	if len(q) == 0 {
		return "/grants"
	}
	return "/grants?" + q.Encode()
}

// grantsPage is GET /grants: a compact table of the grants the scope
// reaches (officers every one, a grantee its own, a donor officer its
// programmes'), filtered by state (with the count of each), programme,
// call and search text, sorted by any column header (server-side, so it
// works without JavaScript) and paginated; officers also see the
// amendments waiting and the calls whose awards have no agreement yet.
func (s *Server) grantsPage(c *gin.Context) {
	ctx := c.Request.Context()
	sc := requestScope(c)
	st := s.grantStore()
	f, o := grantsFilter(c)
	page, _ := strconv.Atoi(c.Query("page"))
	list, matching, err := st.Page(ctx, f, sc, o, page, grantsPerPage)
	if err != nil {
		s.fail(c, err)
		return
	}
	unstated := f
	unstated.Status = ""
	counts, err := st.Counts(ctx, unstated, sc)
	if err != nil {
		s.fail(c, err)
		return
	}
	progs, err := st.Programmes(ctx, sc)
	if err != nil {
		s.fail(c, err)
		return
	}
	staff := staffRole(c)
	d := grantsData{Status: string(f.Status), Query: f.Query, Programme: f.ProgrammeID, Sort: o.Key, Desc: o.Desc,
		Staff: staff, Matching: matching, AllLink: grantsLink(unstated, o), Headers: map[string]sortHeader{}}
	for _, pr := range progs {
		d.Programmes = append(d.Programmes, optionItem{ID: pr.ID, Label: pr.Title, Selected: pr.ID == f.ProgrammeID})
	}
	for key := range grant.SortKeys {
		next := grant.Sort{Key: key, Desc: key == o.Key && !o.Desc}
		h := sortHeader{Link: grantsLink(f, next)}
		if key == o.Key {
			h.AriaSort = "ascending"
			if o.Desc {
				h.AriaSort = "descending"
			}
		}
		d.Headers[key] = h
	}
	d.Reader = true
	for _, g := range list {
		ts, err := st.Tranches(ctx, g.ID, sc)
		if err != nil {
			s.fail(c, err)
			return
		}
		who := readerOf(c, sc, g)
		d.Reader = d.Reader && who == readerOther
		r := grantRow{G: g, Balance: g.Balance(), NextKey: nextKey(g, ts, who)}
		r.Paid, r.DueAmt, r.Planned = sumTranches(ts)
		d.Rows = append(d.Rows, r)
	}
	for _, stt := range grant.Statuses {
		withState := unstated
		withState.Status = stt
		d.Counts = append(d.Counts, stateCount{Status: stt, N: counts[stt], Active: stt == f.Status, Link: grantsLink(withState, o)})
		d.Total += counts[stt]
	}
	d.Pager = pagerOf(c, application.Page{Total: matching, Page: max(page, 1), PerPage: grantsPerPage})
	if staff {
		if d.Waiting, err = st.Waiting(ctx, sc); err != nil {
			s.fail(c, err)
			return
		}
		if d.Pending, err = st.PendingCalls(ctx); err != nil {
			s.fail(c, err)
			return
		}
	}
	p := s.newPage(c, "grants.title")
	if roleOf(c) == auth.Applicant {
		p.Title = p.T("grants.my_title")
	}
	p.Data = d
	s.render(c, http.StatusOK, "grants/list", p)
}
