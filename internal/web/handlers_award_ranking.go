package web

import (
	"html/template"
	"net/http"
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
}

// rankLot is one lot's table, drawn by the partial "ranking_lot" on the
// ranking page (Full: with section means and fundability) and on the
// committee session's page.
type rankLot struct {
	Heading, Budget, Caption string
	Cols                     []string // column headings
	Full                     bool
	Line, Empty              string // the funding line's words; a lot with no application
	Rows                     []rankRow
}

// rankCols are a lot table's column headings; full adds the section means
// and fundability.
func rankCols(p *Page, full bool) []string {
	keys := []string{"award.ranking.col_rank", "award.ranking.col_reference", "award.ranking.col_applicant",
		"award.ranking.col_final"}
	if full {
		keys = append(keys, "award.ranking.col_sections", "award.ranking.col_fundable")
	}
	keys = append(keys, "award.ranking.col_decision", "award.ranking.col_amount", "award.ranking.col_reserve",
		"award.ranking.col_reasons")
	cols := make([]string, len(keys))
	for i, k := range keys {
		cols[i] = p.T(k)
	}
	return cols
}

type rankRow struct {
	Rank                                  int
	Reference, Applicant, Final, Decision string
	Sections                              template.HTML // each section's title (inLang) and mean
	Amount, ReserveRank, Fundable         string
	Reasons                               []string
	LineBelow                             bool // the funding line runs under this row
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
	p.Data = s.rankingView(p, r, true)
	s.render(c, status, "award/ranking", p)
}

// rankingView builds the ranking's tables for a page; full adds the
// section means and fundability columns.
func (s *Server) rankingView(p *Page, r award.Ranking, full bool) rankingData {
	d := rankingData{CallID: r.Call.ID, CallTitle: r.Call.Titles().In(p.Lang), Stage: r.Stage, Stages: callStages(r.Call.TwoStage),
		NotReady: r.NotReady, Session: r.Session, CanOpen: r.Session == nil && p.Can("award", "decide")}
	if r.Approved && r.Session.ApprovedAt != nil {
		d.Approved = p.Date(*r.Session.ApprovedAt)
	}
	cols := rankCols(p, full)
	for _, lr := range r.Lots {
		lv := rankLot{Heading: p.T("award.ranking.lot", "name", lr.Lot.Name),
			Budget: p.T("award.ranking.budget", "budget", p.Money(lr.Lot.BudgetMinor, r.Call.Currency),
				"awarded", p.Money(lr.AwardedMinor, r.Call.Currency), "remaining", p.Money(lr.Remaining(), r.Call.Currency)),
			Caption: p.T("award.ranking.caption", "name", lr.Lot.Name, "line", lr.LineAfter),
			Cols:    cols, Full: full, Line: p.T("award.ranking.line"), Empty: p.T("award.ranking.empty")}
		for _, dd := range lr.Decisions {
			lv.Rows = append(lv.Rows, s.rowOf(p, r, dd, lr.LineAfter))
		}
		d.Lots = append(d.Lots, lv)
	}
	return d
}

// rowOf is one ranked application as the page shows it.
func (s *Server) rowOf(p *Page, r award.Ranking, d award.Decision, line int) rankRow {
	a := r.Apps[d.ApplicationID]
	v := rankRow{Rank: d.Rank, Reference: a.Reference, Applicant: a.OrgName, Final: hundredths(p.Lang, d.FinalX100),
		Decision: p.T("award.decision." + d.Decision), LineBelow: line > 0 && d.Rank == line,
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
	var secs []string
	for _, sr := range d.Sections {
		secs = append(secs, string(inLang(r.Grid.SectionTitles(sr.Code).In(p.Lang)))+" "+hundredths(p.Lang, sr.MeanX100))
	}
	v.Sections = template.HTML(strings.Join(secs, " · "))
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
