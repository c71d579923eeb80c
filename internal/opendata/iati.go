package opendata

import (
	"encoding/xml"
	"io"
	"time"

	"github.com/subgrant/portal/internal/i18n"
)

// IATIVersion is the version of the IATI activity standard written.
const IATIVersion = "2.03"

// LocalOrgPrefix starts the identifier of a reporting organisation that has
// no org-id the codelist can express: LocalOrgPrefix-<portal id>. The IATI
// Registry does not accept it; the intermediary then records its
// identifier (for example one IATI assigns, XI-IATI) in its profile.
const LocalOrgPrefix = "SGP-LOCAL"

// Codes of the IATI codelists the export uses.
const (
	roleFunding      = "1"
	roleAccountable  = "2"
	roleExtending    = "3"
	roleImplementing = "4"

	datePlannedStart = "1"
	dateActualStart  = "2"
	datePlannedEnd   = "3"
	dateActualEnd    = "4"

	txCommitment   = "2"
	txDisbursement = "3"

	budgetOriginal    = "1"
	budgetIndicative  = "1"
	budgetCommitted   = "2"
	relatedParent     = "1"
	relatedChild      = "2"
	descriptionGen    = "1"
	vocabularyDAC5    = "1"
	financeGrant      = "110" // standard grant
	aidProjectType    = "C01" // project-type interventions
	aidVocabularyOECD = "1"
)

// activityStatus is the IATI ActivityStatus of a grant in state st: an
// awarded grant whose agreement is a draft is in the pipeline, signed and
// active agreements are in implementation, a suspended one suspended, a
// closed one closed and a terminated one cancelled.
func activityStatus(st string) string {
	switch st {
	case "draft":
		return "1"
	case "suspended":
		return "6"
	case "closed":
		return "4"
	case "terminated":
		return "5"
	}
	return "2"
}

// PublisherRef is the reporting organisation's identifier: its org-id, or
// the local form LocalOrgPrefix-<id> when it has none.
func (ex Export) PublisherRef() string {
	if id := OrgID(ex.Publisher); id != "" {
		return id
	}
	return LocalOrgPrefix + "-" + itoa(ex.Publisher.ID)
}

// ProgrammeActivityID is the IATI identifier of the programme's activity.
func (ex Export) ProgrammeActivityID() string {
	return ex.PublisherRef() + "-PRG-" + itoa(ex.Programme.ID)
}

// GrantActivityID is the IATI identifier of a sub-grant's activity.
func (ex Export) GrantActivityID(g Grant) string {
	return ex.PublisherRef() + "-" + clean(g.ContractNumber)
}

// WriteIATI writes the programme and its sub-grants as an IATI 2.03
// activity file, with titles and descriptions in Albanian and English.
func WriteIATI(w io.Writer, cat *i18n.Catalogue, ex Export) error {
	doc := iatiActivities{Version: IATIVersion, Generated: ex.Generated.UTC().Format(time.RFC3339)}
	wr := writer{cat: cat, ex: ex}
	doc.Activities = append(doc.Activities, wr.programmeActivity())
	for _, g := range ex.Grants {
		doc.Activities = append(doc.Activities, wr.grantActivity(g))
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func (w writer) today() string { return w.ex.Generated.UTC().Format(time.DateOnly) }

func (w writer) programmeActivity() iatiActivity {
	ex, p := w.ex, w.ex.Programme
	a := w.activity(1, ex.ProgrammeActivityID(), p.Currency, ex.LastUpdated())
	for _, l := range narrativeLangs {
		a.Title.Narratives = append(a.Title.Narratives, narrative{Lang: string(l), Text: w.programmeTitle(l)})
	}
	a.Descriptions = []descEl{{Type: descriptionGen, Narratives: w.each(w.programmeDescription)}}
	a.Participants = w.intermediaryRoles(p.Donor)
	a.Status = codeEl{Code: w.programmeStatus()}
	a.Dates = w.dates(p.StartsOn, p.EndsOn, a.Status.Code == "4", p.EndsOn)
	a.Countries = shareEls(programmeCountries(p, ex.Grants))
	a.Sectors = sectorEls(programmeSectors(ex.Grants))
	a.Budgets = budgets(p.StartsOn, p.EndsOn, p.SubgrantBudgetMinor, p.Currency, budgetIndicative)
	for _, g := range ex.Grants {
		a.RelatedActs = append(a.RelatedActs, relatedEl{Ref: ex.GrantActivityID(g), Type: relatedChild})
	}
	return a
}

// programmeStatus follows the programme's dates: in the pipeline before
// its start, in implementation until its end, then in finalisation while
// an agreement is still open and closed once none is.
func (w writer) programmeStatus() string {
	p, today := w.ex.Programme, w.today()
	switch {
	case today < p.StartsOn:
		return "1"
	case today <= p.EndsOn:
		return "2"
	}
	for _, g := range w.ex.Grants {
		if s := activityStatus(g.Status); s == "2" || s == "6" {
			return "3"
		}
	}
	return "4"
}

func (w writer) grantActivity(g Grant) iatiActivity {
	ex := w.ex
	id := ex.GrantActivityID(g)
	a := w.activity(2, id, g.Currency, g.LastUpdated())
	a.Title.Narratives = w.grantNarratives(g, w.grantTitle, g.Title)
	a.Descriptions = []descEl{{Type: descriptionGen, Narratives: w.grantNarratives(g, w.grantDescription, g.Summary)}}
	a.Participants = append(w.intermediaryRoles(ex.Programme.Donor), participatingOrg{Ref: OrgID(g.Grantee),
		Type: orgType(g.Grantee.Kind), Role: roleImplementing, Narratives: []narrative{{Text: g.Grantee.DisplayName()}}})
	a.Status = codeEl{Code: activityStatus(g.Status)}
	draft := g.Status == "draft"
	ended := g.Status == "closed" || g.Status == "terminated"
	end := g.EndsOn
	if ended {
		if d := g.UpdatedAt.Format(time.DateOnly); d < end {
			end = d
		}
	}
	a.Dates = w.dates(g.StartsOn, g.EndsOn, ended, end)
	if draft {
		a.Dates = []activityDate{{datePlannedStart, g.StartsOn}, {datePlannedEnd, g.EndsOn}}
	}
	a.Countries = shareEls(grantCountries(g))
	a.Sectors = sectorEls(grantSectors(g))
	w.grantMoney(&a, g, id)
	a.RelatedActs = []relatedEl{{Ref: ex.ProgrammeActivityID(), Type: relatedParent}}
	return a
}

// grantMoney writes a grant's budgets; its tranches still to pay as planned
// disbursements (none once it is closed or terminated); the signed
// agreement as the commitment (none for a draft); and each ledger row as a
// disbursement.
func (w writer) grantMoney(a *iatiActivity, g Grant, id string) {
	draft, over := g.Status == "draft", g.Status == "closed" || g.Status == "terminated"
	status := budgetCommitted
	if draft {
		status = budgetIndicative
	}
	a.Budgets = budgets(g.StartsOn, g.EndsOn, g.AmountMinor, g.Currency, status)
	for _, t := range g.Tranches {
		if t.Status == "paid" || over {
			continue
		}
		a.Planned = append(a.Planned, plannedEl{Type: budgetOriginal, PeriodStart: dateEl{t.DueOn},
			Value:    valueEl{Currency: g.Currency, ValueDate: t.DueOn, Amount: Amount(t.AmountMinor)},
			Provider: w.provider(), Receiver: w.receiver(g, id)})
	}
	if !draft {
		signed := g.SignedOn()
		a.Transactions = append(a.Transactions, transactionEl{Type: codeEl{txCommitment}, Date: dateEl{signed},
			Value:    valueEl{Currency: g.Currency, ValueDate: signed, Amount: Amount(g.AmountMinor)},
			Provider: w.provider(), Receiver: w.receiver(g, id)})
	}
	for _, pay := range g.Payments {
		a.Transactions = append(a.Transactions, transactionEl{Type: codeEl{txDisbursement}, Date: dateEl{pay.PaidOn},
			Value:    valueEl{Currency: pay.Currency, ValueDate: pay.PaidOn, Amount: Amount(pay.AmountMinor)},
			Provider: w.provider(), Receiver: w.receiver(g, id)})
	}
}

func (w writer) activity(level int, id, currency string, updated time.Time) iatiActivity {
	pub := w.ex.Publisher
	return iatiActivity{LastUpdated: updated.UTC().Format(time.RFC3339), Lang: string(i18n.SQ), Currency: currency,
		Hierarchy: level, Identifier: id, FinanceType: codeEl{financeGrant},
		AidType:      aidTypeEl{Code: aidProjectType, Vocabulary: aidVocabularyOECD},
		ReportingOrg: reportingOrg{Ref: w.ex.PublisherRef(), Type: orgType(pub.Kind), Narratives: []narrative{{Text: pub.DisplayName()}}}}
}

// intermediaryRoles: the donor funds; the intermediary is accountable for
// the money and extends it to the grantees.
func (w writer) intermediaryRoles(donor Org) []participatingOrg {
	pub := w.ex.Publisher
	name := []narrative{{Text: pub.DisplayName()}}
	return []participatingOrg{
		{Ref: OrgID(donor), Type: orgType(donor.Kind), Role: roleFunding, Narratives: []narrative{{Text: donor.DisplayName()}}},
		{Ref: w.ex.PublisherRef(), Type: orgType(pub.Kind), Role: roleAccountable, Narratives: name},
		{Ref: w.ex.PublisherRef(), Type: orgType(pub.Kind), Role: roleExtending, Narratives: name},
	}
}

func (w writer) provider() *txOrgEl {
	pub := w.ex.Publisher
	return &txOrgEl{Ref: w.ex.PublisherRef(), ProviderActivityID: w.ex.ProgrammeActivityID(), Type: orgType(pub.Kind),
		Narratives: []narrative{{Text: pub.DisplayName()}}}
}

func (w writer) receiver(g Grant, activityID string) *txOrgEl {
	return &txOrgEl{Ref: OrgID(g.Grantee), ReceiverActivityID: activityID, Type: orgType(g.Grantee.Kind),
		Narratives: []narrative{{Text: g.Grantee.DisplayName()}}}
}

// dates are the planned start and end, the actual start once it is past,
// and the actual end (actualEnd) of an activity that ended.
func (w writer) dates(start, end string, ended bool, actualEnd string) []activityDate {
	out := []activityDate{{datePlannedStart, start}}
	if start <= w.today() {
		out = append(out, activityDate{dateActualStart, start})
	}
	out = append(out, activityDate{datePlannedEnd, end})
	if ended && actualEnd <= w.today() {
		out = append(out, activityDate{dateActualEnd, actualEnd})
	}
	return out
}

func (w writer) each(text func(i18n.Lang) string) []narrative {
	out := make([]narrative, 0, len(narrativeLangs))
	for _, l := range narrativeLangs {
		out = append(out, narrative{Lang: string(l), Text: text(l)})
	}
	return out
}

// grantNarratives writes text in Albanian and English and, when the
// grant's language is another, the stored text in that language too.
func (w writer) grantNarratives(g Grant, text func(Grant, i18n.Lang) string, stored string) []narrative {
	out := w.each(func(l i18n.Lang) string { return text(g, l) })
	if l, ok := i18n.ParseLang(g.Lang); ok && l != i18n.SQ && l != i18n.EN && stored != "" {
		out = append(out, narrative{Lang: string(l.Base()), Text: stored})
	}
	return out
}

func shareEls(shares []Share) []shareEl {
	out := make([]shareEl, 0, len(shares))
	for _, s := range shares {
		el := shareEl{Code: s.Code}
		if len(shares) > 1 {
			el.Percentage = s.Percent()
		}
		out = append(out, el)
	}
	return out
}

func sectorEls(shares []Share) []sectorEl {
	out := make([]sectorEl, 0, len(shares))
	for _, s := range shares {
		out = append(out, sectorEl{Vocabulary: vocabularyDAC5, Code: s.Code, Percentage: s.Percent()})
	}
	return out
}
