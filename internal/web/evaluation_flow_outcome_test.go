package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/review"
	"github.com/subgrant/portal/internal/web/webtest"
)

// checkOutcome: statuses, the funding line within each lot's budget, and
// the API's ranking as the page shows it.
func (fe *flowEnv) checkOutcome() {
	fe.t.Helper()
	wantStatus := map[string]string{"A1": "awarded", "B1": "reserve", "C1": "rejected", "D1": "awarded"}
	wantFinal := map[string]string{"A1": "100.00", "B1": "80.00", "C1": "60.00", "D1": "80.00"}
	for _, a := range fe.apps {
		if got := fe.status(a.ID); got != wantStatus[a.Key] {
			fe.t.Errorf("%s: status %q, want %q", a.Key, got, wantStatus[a.Key])
		}
	}
	r := fe.rankingAPI()
	if !r.Approved || len(r.Lots) != 2 {
		fe.t.Fatalf("ranking: approved %v with %d lots, want approved with 2", r.Approved, len(r.Lots))
	}
	page := fe.rankingPage()
	label := map[string]string{"award": "Award", "reserve": "Reserve", "reject": "Rejected"}
	for _, lot := range r.Lots {
		var sum int64
		for _, x := range lot.Applications {
			a := fe.appByID(x.ApplicationID)
			if x.Decision == "award" {
				sum += x.AmountMinor
			}
			if x.FinalScore != wantFinal[a.Key] {
				fe.t.Errorf("%s: final score %s, want %s", a.Key, x.FinalScore, wantFinal[a.Key])
			}
			row := page[a.Ref]
			if len(row) == 0 || row[0] != itoa(int64(x.Rank)) || !slices.Contains(row, x.FinalScore) || !slices.Contains(row, label[x.Decision]) {
				fe.t.Errorf("%s on the ranking page: %q; the API says rank %d, %s, %s", a.Key, row, x.Rank, x.FinalScore, label[x.Decision])
			}
		}
		if sum > fe.budget[lot.ID] || sum != lot.AwardedMinor || lot.BudgetMinor != fe.budget[lot.ID] {
			fe.t.Errorf("lot %d: awards %d (API %d), budget %d (API %d)", lot.ID, sum, lot.AwardedMinor, fe.budget[lot.ID], lot.BudgetMinor)
		}
	}
	if n := len(r.Lots[0].Applications) + len(r.Lots[1].Applications); n != len(fe.apps) {
		fe.t.Errorf("ranking lists %d applications, want %d", n, len(fe.apps))
	}
	fe.checkDecisions(r)
}

// checkDecisions: A1 and D1 get what they asked, B1 is first in reserve,
// C1 is rejected for its relevance score.
func (fe *flowEnv) checkDecisions(r flowRanking) {
	fe.t.Helper()
	for _, lot := range r.Lots {
		for _, x := range lot.Applications {
			a := fe.appByID(x.ApplicationID)
			switch a.Key {
			case "A1", "D1":
				if x.Decision != "award" || x.AmountMinor != a.Requested {
					fe.t.Errorf("%s: %s of %d, want award of %d", a.Key, x.Decision, x.AmountMinor, a.Requested)
				}
			case "B1":
				if x.Decision != "reserve" || x.ReserveRank == nil || *x.ReserveRank != 1 || !x.Fundable {
					fe.t.Errorf("B1: %s (reserve rank %v, fundable %v), want first in reserve", x.Decision, x.ReserveRank, x.Fundable)
				}
			case "C1":
				failed := slices.IndexFunc(x.Sections, func(s review.SectionResult) bool { return s.Code == "relevance" && !s.Passed })
				if x.Decision != "reject" || x.Fundable || failed < 0 {
					fe.t.Errorf("C1: %s, fundable %v, sections %+v; want rejected below the relevance threshold", x.Decision, x.Fundable, x.Sections)
				}
			}
		}
	}
}

// appByID returns the seeded application with an id.
func (fe *flowEnv) appByID(id int64) flowApp {
	fe.t.Helper()
	for _, a := range fe.apps {
		if a.ID == id {
			return a
		}
	}
	fe.t.Fatalf("ranking shows unknown application %d", id)
	return flowApp{}
}

// gridTitles are the section titles of the call's grid: code -> language -> title.
func (fe *flowEnv) gridTitles() map[string]map[i18n.Lang]string {
	fe.t.Helper()
	var g struct {
		Sections []struct {
			Code    string `json:"code"`
			TitleSQ string `json:"title_sq"`
			TitleEN string `json:"title_en"`
		} `json:"sections"`
	}
	if err := json.Unmarshal(fe.get(webtest.ProgramOfficer, "/api/v1/calls/"+fe.call+"/grid", 200).Body.Bytes(), &g); err != nil {
		fe.t.Fatal(err)
	}
	out := map[string]map[i18n.Lang]string{}
	for _, s := range g.Sections {
		out[s.Code] = map[i18n.Lang]string{i18n.EN: s.TitleEN, i18n.SQ: s.TitleSQ}
	}
	return out
}

// points is a section score as a letter prints it (hundredths, the
// language's decimal mark).
func flowPoints(lang i18n.Lang, x100 int64) string {
	dec := ","
	if lang == i18n.EN {
		dec = "."
	}
	return itoa(x100/100) + dec + itoa(100 + x100%100)[1:]
}

// checkLetters: each applicant has exactly one mail with its letter as a
// PDF, in its language (D's in Albanian), with its reference and each
// section's title followed by its score, and no evaluator's name;
// applicant A downloads its own letter, not B's.
func (fe *flowEnv) checkLetters() {
	fe.t.Helper()
	titles := fe.gridTitles()
	sections := map[int64][]review.SectionResult{}
	for _, lot := range fe.rankingAPI().Lots {
		for _, x := range lot.Applications {
			sections[x.ApplicationID] = x.Sections
		}
	}
	evaluators := []string{string(webtest.Evaluator1), string(webtest.Evaluator2), flowEval3Name}
	for _, a := range fe.apps {
		mails := fe.mailsTo(string(a.Owner) + "@test.example")
		if len(mails) != 1 || mails[0].AttachmentType != "application/pdf" || len(mails[0].Attachment) == 0 {
			fe.t.Errorf("%s: %d mails (first attachment %q), want one with a PDF letter", a.Owner, len(mails), flowFirstType(mails))
			continue
		}
		text := strings.Join(strings.Fields(pdfText(fe.t, mails[0].Attachment)), " ")
		if text == "" {
			fe.t.Log("pdftotext not installed: letters' text not checked")
			return
		}
		lang := i18n.Lang(fe.Users[a.Owner].Lang)
		// the mailed letter too carries the issuer's letterhead and names the programme
		want := []string{a.Ref, "Intermediary", fe.programme()}
		for _, s := range sections[a.ID] {
			want = append(want, titles[s.Code][lang]+" "+flowPoints(lang, s.MeanX100))
		}
		flowHas(fe.t, a.Key+"'s letter", text, want...)
		flowLacks(fe.t, a.Key+"'s letter", text, evaluators...)
		if a.Key != "B1" {
			flowLacks(fe.t, a.Key+"'s letter", text, webtest.Canary)
		}
	}
	rec := fe.get(webtest.ApplicantA, "/applications/"+itoa(fe.app("A1").ID)+"/letter.pdf", 200)
	if ct := rec.Header().Get("Content-Type"); ct != "application/pdf" {
		fe.t.Errorf("A's letter: content type %q", ct)
	}
	if text := pdfText(fe.t, rec.Body.Bytes()); text != "" {
		flowHas(fe.t, "A's downloaded letter", text, fe.app("A1").Ref)
		flowHas(fe.t, "A's downloaded letter", pdftextOf(fe.t, rec.Body.Bytes()), "Programme "+fe.programme(), "Programme: "+fe.programme(), "Intermediary")
		flowLacks(fe.t, "A's downloaded letter", text, append(evaluators, webtest.Canary)...)
	}
	fe.get(webtest.ApplicantA, "/applications/"+itoa(fe.app("B1").ID)+"/letter.pdf", 404)
}

// flowFirstType is the attachment type of the first message, if any.
func flowFirstType(rows []notify.Row) string {
	if len(rows) == 0 {
		return ""
	}
	return rows[0].AttachmentType
}

// checkDocuments: the workbook and the evaluation report download for
// the officer and are forbidden to applicants.
func (fe *flowEnv) checkDocuments() {
	fe.t.Helper()
	docs := map[string]string{"/ranking.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"/evaluation-report.pdf": "application/pdf"}
	for suffix, ct := range docs {
		path := "/calls/" + fe.call + suffix
		rec := fe.get(webtest.ProgramOfficer, path, 200)
		if got := rec.Header().Get("Content-Type"); got != ct || rec.Body.Len() == 0 {
			fe.t.Errorf("%s: %q, %d bytes; want %q", path, got, rec.Body.Len(), ct)
		}
		if suffix == "/ranking.xlsx" && !strings.HasPrefix(rec.Body.String(), "PK") {
			fe.t.Errorf("%s is not a workbook", path)
		}
		if suffix == "/evaluation-report.pdf" {
			if text := pdfText(fe.t, rec.Body.Bytes()); text != "" {
				for _, a := range fe.apps {
					flowHas(fe.t, "evaluation report", text, a.Ref)
				}
				// the Programme line and every page's header name the call's programme
				flowHas(fe.t, "evaluation report", pdftextOf(fe.t, rec.Body.Bytes()), "Programme "+fe.programme(), "Programme: "+fe.programme())
			}
		}
		if suffix == "/ranking.xlsx" {
			flowWorkbookHas(fe.t, rec.Body.Bytes(), fe.programme())
		}
		for _, p := range []webtest.Principal{webtest.ApplicantA, webtest.ApplicantB, flowApplicantC} {
			fe.get(p, path, 403)
		}
	}
}

// programme is the title of the flow call's programme.
func (fe *flowEnv) programme() string {
	fe.t.Helper()
	var title string
	if err := db.Get(context.Background(), fe.DB, &title, `SELECT p.title FROM programmes p JOIN calls c ON c.programme_id = p.id WHERE c.id = ?`, fe.callID); err != nil || title == "" {
		fe.t.Fatalf("programme of the call: %q %v", title, err)
	}
	return title
}

// flowWorkbookHas fails unless some cell of the workbook's first sheet (the
// summary) holds want.
func flowWorkbookHas(t *testing.T, b []byte, want string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		for _, c := range r {
			if c == want {
				return
			}
		}
	}
	t.Errorf("the workbook's summary lacks %q: %v", want, rows)
}
