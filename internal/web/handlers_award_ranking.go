package web

import (
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/award"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/review"
)

// rankingData is the ranking page: per lot, the ranked applications with
// the funding line, and the session's state.
type rankingData struct {
	CallID    int64
	CallTitle i18n.Shown
	Stage     string
	Stages    []string
	Lots      []rankLot
	NotReady  []award.AppFact
	Session   *award.Session
	Approved  string // the approval's date, "" while not approved
	CanOpen   bool   // an officer may open the stage's session
	Decision  string // the decision filter, "" for all
	Decisions []OptionView
	Sort      string
}

// rankLot is one lot's table, drawn by the partial "ranking_lot" on the
// ranking page (Full: with a column per section, fundability, a link to
// each application, sorting, the decision filter and pages) and on the
// committee session's page (every row, in rank order).
type rankLot struct {
	Heading, Budget, Caption string
	Cols                     []rankCol
	Full                     bool
	Line, Empty              string // the funding line's words; a lot with no application
	Rows                     []rankRow
	Counts                   []string // the lot's applications by decision
	Pager                    *rankPager
	Links                    bool // each row links to its application
}

// rankCol is a column heading; a sortable one links to its order.
type rankCol struct {
	Label   template.HTML
	Href    string // "" when the column does not sort
	Current bool   // the table is sorted by this column
	Num     bool
	Dir     string // aria-sort of the current column: numbers run high to low
}

// rankPager is one lot's page links.
type rankPager struct {
	Label, Prev, Next, PrevHref, NextHref string
}

// rankPageSize is how many applications a lot's table shows on one page.
const rankPageSize = 25

// rankQuery is what the ranking page's address asks: the decision shown,
// the order and each lot's page (lot<id>=n).
type rankQuery struct {
	Decision, Sort string
	Pages          map[int64]int
	base           url.Values // the address's query, to build links from
	path           string
}

// parseRankQuery reads the query; unknown values fall back to the defaults.
func parseRankQuery(c *gin.Context) rankQuery {
	q := rankQuery{Decision: c.Query("decision"), Sort: c.Query("sort"), Pages: map[int64]int{},
		base: url.Values{}, path: c.Request.URL.Path}
	switch q.Decision {
	case award.Award, award.Reserve, award.Reject, award.Shortlist:
	default:
		q.Decision = ""
	}
	if rankSortKeys[q.Sort] == "" && !strings.HasPrefix(q.Sort, "s:") {
		q.Sort = "rank"
	}
	for k, vs := range c.Request.URL.Query() {
		if strings.HasPrefix(k, "lot") {
			id, err1 := strconv.ParseInt(k[3:], 10, 64)
			n, err2 := strconv.Atoi(vs[0])
			if err1 == nil && err2 == nil && n > 1 {
				q.Pages[id] = n
			}
		}
	}
	for _, k := range []string{"stage", "decision", "sort"} {
		if v := c.Query(k); v != "" {
			q.base.Set(k, v)
		}
	}
	for id, n := range q.Pages {
		q.base.Set("lot"+strconv.FormatInt(id, 10), strconv.Itoa(n))
	}
	return q
}

// link is the page's address with key set to value (and, for an order or
// a filter, every lot back on its first page).
func (q rankQuery) link(key, value string) string {
	v := url.Values{}
	for k, vs := range q.base {
		if strings.HasPrefix(k, "lot") {
			continue
		}
		v[k] = vs
	}
	if value == "" || (key == "sort" && value == "rank") {
		v.Del(key)
	} else {
		v.Set(key, value)
	}
	if len(v) == 0 {
		return q.path
	}
	return q.path + "?" + v.Encode()
}

// rankingPage is GET /calls/:id/ranking.
func (s *Server) rankingPage(c *gin.Context) {
	r, ok := s.loadRanking(c)
	if !ok {
		return
	}
	p := s.newPage(c, "award.ranking.title")
	newForm(p, "held_on")
	p.Form.Values["held_on"] = s.now().Format("2006-01-02")
	s.renderRanking(c, http.StatusOK, p, r)
}

func (s *Server) renderRanking(c *gin.Context, status int, p *Page, r award.Ranking) {
	p.callStepsOf(r.Call.ID, r.Call.Titles().In(p.Lang))
	q := parseRankQuery(c)
	p.Data = s.rankingView(p, r, &q)
	s.render(c, status, "award/ranking", p)
}

// rankingView builds the ranking's tables for a page; with a query (the
// ranking page) it adds a column per section, fundability and links,
// and filters, sorts and pages each lot; without (the session's page)
// every row shows in rank order.
func (s *Server) rankingView(p *Page, r award.Ranking, q *rankQuery) rankingData {
	d := rankingData{CallID: r.Call.ID, CallTitle: r.Call.Titles().In(p.Lang), Stage: r.Stage, Stages: callStages(r.Call.TwoStage),
		NotReady: r.NotReady, Session: r.Session, CanOpen: r.Session == nil && p.Can("award", "decide")}
	if r.Approved && r.Session.ApprovedAt != nil {
		d.Approved = p.Date(*r.Session.ApprovedAt)
	}
	full := q != nil
	if full {
		d.Decision, d.Sort = q.Decision, q.Sort
		d.Decisions = []OptionView{{Value: "", Label: p.T("award.ranking.filter_all"), Selected: q.Decision == ""}}
		for _, k := range []string{award.Award, award.Reserve, award.Shortlist, award.Reject} {
			d.Decisions = append(d.Decisions, OptionView{Value: k, Label: p.T("award.decision." + k), Selected: q.Decision == k})
		}
	}
	for _, lr := range r.Lots {
		lv := rankLot{Heading: p.T("award.ranking.lot", "name", lr.Lot.Name),
			Budget: p.T("award.ranking.budget", "budget", p.Money(lr.Lot.BudgetMinor, r.Call.Currency),
				"awarded", p.Money(lr.AwardedMinor, r.Call.Currency), "remaining", p.Money(lr.Remaining(), r.Call.Currency)),
			Caption: p.T("award.ranking.caption", "name", lr.Lot.Name, "line", lr.LineAfter),
			Cols:    s.rankCols(p, r, q), Full: full, Links: p.Can("application", "view"), Line: p.T("award.ranking.line"), Empty: p.T("award.ranking.empty")}
		decs := lr.Decisions
		if full {
			n := map[string]int{}
			for _, dd := range decs {
				n[dd.Decision]++
			}
			for _, k := range []string{award.Award, award.Reserve, award.Shortlist, award.Reject} {
				if n[k] > 0 {
					lv.Counts = append(lv.Counts, p.T("award.ranking.count", "decision", p.T("award.decision."+k), "n", n[k]))
				}
			}
			decs = filterSortDecisions(decs, r, *q)
			if q.Sort != "rank" || q.Decision != "" {
				lv.Caption += " " + p.T("award.ranking.sorted_by", "col", sortLabel(p, r, q.Sort))
			}
			decs, lv.Pager = s.rankPage(p, decs, lr.Lot.ID, *q)
		}
		line := lr.LineAfter
		if full && (q.Sort != "rank" || q.Decision != "") {
			line = 0 // the line runs between ranks; in another order the decision column says it
		}
		for _, dd := range decs {
			lv.Rows = append(lv.Rows, s.rowOf(p, r, dd, line))
		}
		d.Lots = append(d.Lots, lv)
	}
	return d
}

// filterSortDecisions keeps the decisions the query shows, in its order
// (ties keep the ranking's order).
func filterSortDecisions(in []award.Decision, r award.Ranking, q rankQuery) []award.Decision {
	var out []award.Decision
	for _, d := range in {
		if q.Decision == "" || d.Decision == q.Decision {
			out = append(out, d)
		}
	}
	section := func(d award.Decision, code string) int64 {
		for _, sr := range d.Sections {
			if sr.Code == code {
				return sr.MeanX100
			}
		}
		return -1
	}
	less := func(a, b award.Decision) bool {
		fa, fb := r.Apps[a.ApplicationID], r.Apps[b.ApplicationID]
		switch {
		case q.Sort == "reference":
			return fa.Reference < fb.Reference
		case q.Sort == "applicant":
			return strings.ToLower(fa.OrgName) < strings.ToLower(fb.OrgName)
		case q.Sort == "final":
			return a.FinalX100 > b.FinalX100
		case q.Sort == "decision":
			return a.Decision < b.Decision
		case q.Sort == "amount":
			return a.AmountMinor > b.AmountMinor
		case strings.HasPrefix(q.Sort, "s:"):
			return section(a, q.Sort[2:]) > section(b, q.Sort[2:])
		}
		return a.Rank < b.Rank
	}
	sort.SliceStable(out, func(i, j int) bool { return less(out[i], out[j]) })
	return out
}

// rankPage cuts one lot's rows to its page and builds the page links.
func (s *Server) rankPage(p *Page, decs []award.Decision, lotID int64, q rankQuery) ([]award.Decision, *rankPager) {
	pages := (len(decs) + rankPageSize - 1) / rankPageSize
	if pages <= 1 {
		return decs, nil
	}
	n := q.Pages[lotID]
	if n < 1 {
		n = 1
	}
	if n > pages {
		n = pages
	}
	key := "lot" + strconv.FormatInt(lotID, 10)
	pg := &rankPager{Label: p.T("award.ranking.page", "page", n, "pages", pages),
		Prev: p.T("award.ranking.prev"), Next: p.T("award.ranking.next")}
	if n > 1 {
		pg.PrevHref = q.pageLink(key, n-1)
	}
	if n < pages {
		pg.NextHref = q.pageLink(key, n+1)
	}
	end := n * rankPageSize
	if end > len(decs) {
		end = len(decs)
	}
	return decs[(n-1)*rankPageSize : end], pg
}

// pageLink is the address with one lot on page n, the others kept.
func (q rankQuery) pageLink(key string, n int) string {
	v := url.Values{}
	for k, vs := range q.base {
		v[k] = vs
	}
	if n <= 1 {
		v.Del(key)
	} else {
		v.Set(key, strconv.Itoa(n))
	}
	if len(v) == 0 {
		return q.path
	}
	return q.path + "?" + v.Encode()
}

// sortLabel is the heading of the column the table is sorted by.
func sortLabel(p *Page, r award.Ranking, key string) string {
	if strings.HasPrefix(key, "s:") {
		return r.Grid.SectionTitles(key[2:]).In(p.Lang).Text
	}
	return p.T(rankSortKeys[key])
}

// rankSortKeys are the headings of the columns the ranking sorts by.
var rankSortKeys = map[string]string{"rank": "award.ranking.col_rank", "reference": "award.ranking.col_reference",
	"applicant": "award.ranking.col_applicant", "final": "award.ranking.col_final",
	"decision": "award.ranking.col_decision", "amount": "award.ranking.col_amount"}

// rankCols are a lot table's column headings: on the ranking page a
// column per section and fundability, each sortable one a link.
func (s *Server) rankCols(p *Page, r award.Ranking, q *rankQuery) []rankCol {
	var cols []rankCol
	add := func(label template.HTML, key string, num bool) {
		c := rankCol{Label: label, Num: num}
		if q != nil && key != "" {
			c.Href, c.Current = q.link("sort", key), q.Sort == key
			c.Dir = "ascending"
			if num && key != "rank" {
				c.Dir = "descending"
			}
		}
		cols = append(cols, c)
	}
	t := func(k string) template.HTML { return template.HTML(template.HTMLEscapeString(p.T(k))) }
	add(t("award.ranking.col_rank"), "rank", true)
	add(t("award.ranking.col_reference"), "reference", false)
	add(t("award.ranking.col_applicant"), "applicant", false)
	add(t("award.ranking.col_final"), "final", true)
	if q != nil {
		for _, sec := range r.Grid.Sections {
			add(inLang(sec.Titles().In(p.Lang)), "s:"+sec.Code, true)
		}
		add(t("award.ranking.col_fundable"), "", false)
	}
	add(t("award.ranking.col_decision"), "decision", false)
	add(t("award.ranking.col_amount"), "amount", true)
	add(t("award.ranking.col_reserve"), "", true)
	add(t("award.ranking.col_reasons"), "", false)
	return cols
}

type rankRow struct {
	Rank, ApplicationID                   int64
	Reference, Applicant, Final, Decision string
	Sections                              []string // each section's mean, in the grid's order
	Amount, ReserveRank, Fundable         string
	Reasons                               []string
	LineBelow                             bool // the funding line runs under this row
	Funded                                bool
}

// rowOf is one ranked application as the page shows it.
func (s *Server) rowOf(p *Page, r award.Ranking, d award.Decision, line int) rankRow {
	a := r.Apps[d.ApplicationID]
	v := rankRow{Rank: int64(d.Rank), ApplicationID: d.ApplicationID, Reference: a.Reference, Applicant: a.OrgName,
		Final: hundredths(p.Lang, d.FinalX100), Decision: p.T("award.decision." + d.Decision),
		LineBelow: line > 0 && d.Rank == line, Funded: d.Decision == award.Award,
		Fundable: p.T("award.ranking.no"), Reasons: s.reasonTexts(p.Lang, r.Grid, d)}
	if d.Fundable {
		v.Fundable = p.T("award.ranking.yes")
	}
	if d.Decision == award.Award {
		v.Amount = p.Money(d.AmountMinor, r.Call.Currency)
	}
	if d.ReserveRank > 0 {
		v.ReserveRank = p.Number(int64(d.ReserveRank))
	}
	means := map[string]int64{}
	for _, sr := range d.Sections {
		means[sr.Code] = sr.MeanX100
	}
	for _, sec := range r.Grid.Sections {
		if m, ok := means[sec.Code]; ok {
			v.Sections = append(v.Sections, hundredths(p.Lang, m))
		} else {
			v.Sections = append(v.Sections, "")
		}
	}
	return v
}

// reasonTexts translates a decision's reasons, with the committee's words.
func (s *Server) reasonTexts(lang i18n.Lang, g review.Grid, d award.Decision) []string {
	var out []string
	for _, r := range d.Reasons {
		title := g.SectionTitle(r.Section, string(lang))
		t := s.cat.T(lang, r.Key, "section", title)
		if r.Section != "" && !strings.Contains(t, title) {
			t = s.cat.T(lang, "award.ranking.section_reason", "reason", t, "section", title)
		}
		if (r.Key == award.ReasonExcluded || r.Key == award.ReasonPromoted) && d.Comment != "" {
			t += " " + d.Comment
		}
		if r.Key == award.ReasonReduced && d.ReducedReason != "" {
			t += " " + d.ReducedReason
		}
		out = append(out, t)
	}
	if strings.HasPrefix(d.ReducedReason, "award.reason.") {
		out = append(out, s.cat.T(lang, d.ReducedReason))
	}
	return out
}
