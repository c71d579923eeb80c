package award

import (
	"strings"
	"time"

	"github.com/subgrant/portal/internal/evaldoc"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/review"
)

// The documents (letters, evaluation report, ranking workbook) are drawn
// by evaldoc from plain inputs; this file builds them from a ranking.

// docCall is the call as the documents show it.
func docCall(c CallFacts, stage, lang string, lots []LotResult) evaldoc.Call {
	var budget int64
	for _, l := range lots {
		budget += l.Lot.BudgetMinor
	}
	return evaldoc.Call{Reference: c.Reference, Title: c.Title(lang), Programme: c.Programme, Stage: stage, Currency: c.Currency,
		BudgetMinor: budget, MinGrantMinor: c.MinGrant, MaxGrantMinor: c.MaxGrant}
}

// docSections are an application's section scores in grid order.
func docSections(g review.Grid, rs []review.SectionResult, lang string) []evaldoc.Section {
	out := make([]evaldoc.Section, 0, len(rs))
	for _, r := range rs {
		out = append(out, evaldoc.Section{Code: r.Code, Title: g.SectionTitle(r.Code, lang), MeanX100: r.MeanX100,
			Max: r.Max, Threshold: r.Threshold})
	}
	return out
}

// docReasons carries the committee's words with its override's reason.
func docReasons(d Decision) []evaldoc.Reason {
	out := make([]evaldoc.Reason, 0, len(d.Reasons))
	for _, r := range d.Reasons {
		x := evaldoc.Reason{Key: r.Key, Section: r.Section}
		if r.Key == ReasonExcluded || r.Key == ReasonPromoted {
			x.Text = d.Comment
		}
		out = append(out, x)
	}
	return out
}

// reducedText is a reduction's reason: a catalogue key translated, or the
// committee's text as written.
func reducedText(cat *i18n.Catalogue, lang i18n.Lang, s string) string {
	if cat != nil && strings.HasPrefix(s, "award.reason.") {
		return cat.T(lang, s)
	}
	return s
}

// LetterInput turns a letter into the renderer's input in lang.
func (s *Store) LetterInput(l Letter, lang i18n.Lang) evaldoc.LetterInput {
	date := l.Session.HeldOn
	if l.Session.ApprovedAt != nil {
		date = *l.Session.ApprovedAt
	}
	d := l.Decision
	in := evaldoc.LetterInput{Date: date, Call: docCall(l.Call, l.Session.Stage, string(lang), nil),
		Reference: l.App.Reference, Title: l.App.Title, Organisation: l.App.OrgName, Lot: l.LotName,
		Decision: d.Decision, RequestedMinor: d.RequestedMinor, AmountMinor: d.AmountMinor,
		ReducedReason: reducedText(s.Cat, lang, d.ReducedReason), ReserveRank: d.ReserveRank, Reasons: docReasons(d),
		Sections: docSections(l.Grid, l.Sections, string(lang)), FinalX100: d.FinalX100, MaxTotal: l.Grid.Max(),
		PassMark: l.Grid.PassMark}
	if d.Override == Reduce {
		in.Comment = d.Comment
	}
	return in
}

// docGrid is the grid as the report shows it.
func docGrid(g review.Grid, lang string) evaldoc.Grid {
	out := evaldoc.Grid{ScaleMin: g.ScaleMin, ScaleMax: g.ScaleMax, PassMark: g.PassMark, FinalRule: g.FinalRule,
		TieBreak: g.TieBreakSection, EvaluatorsPerApp: g.EvaluatorsPerApp}
	for _, s := range g.Sections {
		gs := evaldoc.GridSection{Code: s.Code, Title: s.Title(lang), Threshold: s.Threshold}
		for _, c := range s.Criteria {
			gs.Criteria = append(gs.Criteria, evaldoc.Criterion{Code: c.Code, Title: c.Title(lang), Weight: c.Weight})
		}
		out.Sections = append(out.Sections, gs)
	}
	return out
}

// ReportInput is the evaluation report of a ranking in lang.
func (s *Store) ReportInput(r Ranking, lang i18n.Lang, now time.Time) evaldoc.ReportInput {
	in := evaldoc.ReportInput{Generated: now, Call: docCall(r.Call, r.Stage, string(lang), r.Lots), Grid: docGrid(r.Grid, string(lang))}
	if r.Session != nil {
		in.Session = evaldoc.Session{HeldOn: r.Session.HeldOn, Location: r.Session.Location, Minutes: r.Session.Minutes,
			ApprovedAt: r.Session.ApprovedAt}
		for _, m := range r.Session.Members {
			in.Session.Present = append(in.Session.Present, evaldoc.Member{Name: m.Name, Role: m.Role})
			if m.Role == "chair" && r.Session.ApprovedAt != nil {
				in.Session.ApprovedBy = m.Name
			}
		}
	}
	for _, lr := range r.Lots {
		l := evaldoc.Lot{Name: lr.Lot.Name, BudgetMinor: lr.Lot.BudgetMinor, LineAfter: lr.LineAfter}
		for _, d := range lr.Decisions {
			a := r.Apps[d.ApplicationID]
			l.Rows = append(l.Rows, evaldoc.Row{Rank: d.Rank, Reference: a.Reference, Title: a.Title, Applicant: a.OrgName,
				Sections: docSections(r.Grid, d.Sections, string(lang)), FinalX100: d.FinalX100, Fundable: d.Fundable,
				Decision: d.Decision, RequestedMinor: d.RequestedMinor, AmountMinor: d.AmountMinor,
				ReducedReason: reducedText(s.Cat, lang, d.ReducedReason), ReserveRank: d.ReserveRank, Reasons: docReasons(d)})
		}
		in.Lots = append(in.Lots, l)
	}
	return in
}
