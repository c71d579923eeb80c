package evaldoc

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/pdfdoc"
)

// Letter renders the letter that tells an applicant the committee's
// decision, in the applicant's language: the decision and the amount or
// the reserve rank, the reasons, the scores per section against their
// maximum and threshold, the total against the pass mark and the
// committee's comment. It never names an evaluator.
func (r *Renderer) Letter(lang i18n.Lang, in LetterInput) ([]byte, error) {
	if err := checkCall(in.Call); err != nil {
		return nil, err
	}
	if err := checkDecision(in.Decision); err != nil {
		return nil, err
	}
	d := pdfdoc.Open(pdfdoc.Frame{Cat: r.Cat, Lang: lang, Title: r.t(lang, "evaldoc.letter.title."+in.Decision),
		Programme: in.Call.Programme, Reference: in.Reference, Generated: in.Date, Letterhead: in.Call.Issuer.Letterhead})
	d.Fields(r.letterFields(lang, in))
	name := in.Contact
	if name == "" {
		name = in.Organisation
	}
	d.Para(r.t(lang, "evaldoc.letter.greeting", "name", name))
	d.Para(r.letterBody(lang, in))
	rs := r.reasons(lang, in.Reasons, sectionTitles(in.Sections))
	if in.Decision == Award && in.AmountMinor < in.RequestedMinor {
		// a reduced award: its reasons explain the reduction
		if in.ReducedReason != "" {
			rs = append(rs, in.ReducedReason)
		}
		if len(rs) > 0 {
			d.Para(r.t(lang, "evaldoc.letter.reduced", "requested", money(lang, in.RequestedMinor, in.Call), "reason", strings.Join(rs, "; ")))
			rs = nil
		}
	}
	if len(rs) > 0 {
		d.Heading(r.t(lang, "evaldoc.letter.reasons"))
		d.Bullets(rs)
	}
	d.Para(r.t(lang, "evaldoc.letter.next."+in.Decision))
	r.letterScores(d, lang, in)
	if in.Comment != "" {
		d.Heading(r.t(lang, "evaldoc.letter.comment"))
		d.Para(in.Comment)
	}
	d.Para(r.t(lang, "evaldoc.letter.closing"))
	d.Para(r.t(lang, "evaldoc.letter.signature"))
	d.Signature(in.Call.publisher(), in.Call.Issuer.Signatory)
	b, err := d.Bytes()
	if err != nil {
		return nil, fmt.Errorf("evaldoc: letter %s: %w", in.Reference, err)
	}
	return b, nil
}

// letterFields are the letter's heading: date, addressee and what it is about.
func (r *Renderer) letterFields(lang i18n.Lang, in LetterInput) [][2]string {
	f := [][2]string{
		{r.t(lang, "evaldoc.field.date"), i18n.Date(lang, in.Date)},
		{r.t(lang, "evaldoc.field.to"), in.Organisation},
		{r.t(lang, "evaldoc.field.programme"), in.Call.Programme},
		{r.t(lang, "evaldoc.field.call"), in.Call.Reference + " — " + in.Call.Title},
	}
	if in.Lot != "" {
		f = append(f, [2]string{r.t(lang, "evaldoc.field.lot"), in.Lot})
	}
	f = append(f,
		[2]string{r.t(lang, "evaldoc.field.application"), in.Reference},
		[2]string{r.t(lang, "evaldoc.field.title"), in.Title},
		[2]string{r.t(lang, "evaldoc.field.decision"), r.decision(lang, in.Decision)})
	switch in.Decision {
	case Award:
		f = append(f, [2]string{r.t(lang, "evaldoc.field.amount"), money(lang, in.AmountMinor, in.Call)})
	case Reserve:
		f = append(f, [2]string{r.t(lang, "evaldoc.col.reserve_rank"), strconv.Itoa(in.ReserveRank)})
	}
	return f
}

// letterBody is the paragraph that states the decision.
func (r *Renderer) letterBody(lang i18n.Lang, in LetterInput) string {
	return r.t(lang, "evaldoc.letter.body."+in.Decision,
		"reference", in.Reference, "title", in.Title, "call", in.Call.Title,
		"amount", money(lang, in.AmountMinor, in.Call), "rank", in.ReserveRank)
}

// letterScores writes the application's own scores per section and in total.
func (r *Renderer) letterScores(d *pdfdoc.Doc, lang i18n.Lang, in LetterInput) {
	if len(in.Sections) == 0 {
		return
	}
	d.Heading(r.t(lang, "evaldoc.letter.scores"))
	d.Para(r.t(lang, "evaldoc.letter.scores_intro", "pass", in.PassMark, "max", in.MaxTotal))
	rows := make([][]string, 0, len(in.Sections)+1)
	for _, s := range in.Sections {
		rows = append(rows, []string{s.Title, points(lang, s.MeanX100), strconv.Itoa(s.Max), strconv.Itoa(s.Threshold)})
	}
	rows = append(rows, []string{r.t(lang, "evaldoc.col.total"), points(lang, in.FinalX100),
		strconv.Itoa(in.MaxTotal), strconv.Itoa(in.PassMark)})
	d.Table([]string{r.t(lang, "evaldoc.col.section"), r.t(lang, "evaldoc.col.score"),
		r.t(lang, "evaldoc.col.max"), r.t(lang, "evaldoc.col.threshold")},
		rows, []float64{84, 30, 30, 30}, []string{"L", "R", "R", "R"})
}
