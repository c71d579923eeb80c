package call

import (
	"strconv"
	"time"

	"github.com/subgrant/portal/internal/programme"
)

// FormOf fills a form from a stored call, amounts and percentages written
// for lang and moments in the call's time zone.
func FormOf(c Call, lots []Lot, docs []Document, lang string) Form {
	f := Form{ProgrammeID: strconv.FormatInt(c.ProgrammeID, 10), Reference: c.Reference,
		TitleSQ: c.TitleSQ, TitleEN: c.TitleEN, TitleSR: c.TitleSR,
		DescriptionSQ: c.DescriptionSQ, DescriptionEN: c.DescriptionEN, DescriptionSR: c.DescriptionSR,
		MinGrant: optAmount(lang, c.MinGrantMinor), MaxGrant: optAmount(lang, c.MaxGrantMinor),
		MaxDonorShare: optAmount(lang, c.MaxDonorShareBP), MinCofinance: optAmount(lang, c.MinCofinancingBP),
		MinDuration: optInt(c.MinDurationMonths), MaxDuration: optInt(c.MaxDurationMonths),
		TimeZone: c.TimeZone, OpensAt: local(c.OpensAt, c.Location()), ClosesAt: local(c.ClosesAt, c.Location()),
		OrgKinds: c.OrgKinds(), Municipalities: c.Municipalities(),
		MinYears: optInt(c.MinYearsRegistered), MaxApplications: optInt(c.MaxApplicationsPerOrg), TwoStage: c.TwoStage}
	for _, l := range lots {
		f.Lots = append(f.Lots, LotRow{Name: l.Name, Budget: programme.FormatAmount(lang, l.BudgetMinor), Theme: l.Theme})
	}
	for _, d := range docs {
		f.Documents = append(f.Documents, DocumentRow{d.Code, d.LabelSQ, d.LabelEN, d.LabelSR})
	}
	return f
}

func optAmount(lang string, v int64) string {
	if v == 0 {
		return ""
	}
	return programme.FormatAmount(lang, v)
}

func optInt(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func local(t *time.Time, loc *time.Location) string {
	if t == nil {
		return ""
	}
	return t.In(loc).Format(DateTimeLayout)
}
