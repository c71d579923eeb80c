package web_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/award/awardtest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/review"
	"github.com/subgrant/portal/internal/web/webtest"
)

// The principals the flow adds to webtest's: a third evaluator (created
// by the administrator through the users form) and the applicants of two
// more organisations.
const (
	flowEvaluator3 webtest.Principal = "evaluator_3"
	flowApplicantC webtest.Principal = "applicant_C"
	flowApplicantD webtest.Principal = "applicant_D"
	flowEval3Name                    = "Vesa Krasniqi Evaluator"
)

// flowApp is one seeded application: its key in the test (A1, B1, ...),
// id, reference, lot and the applicant who submitted it.
type flowApp struct {
	Key, Ref  string
	ID, LotID int64
	Requested int64
	Owner     webtest.Principal
}

// flowEnv is a closed call with two lots (50,000.00 and 40,000.00 EUR)
// and four eligible applications of four organisations: A1, B1 and C1 in
// lot 1 (30,000.00, 30,000.00, 20,000.00 requested), D1 in lot 2
// (25,000.00). Nothing else exists: no committee, grid or assignment.
type flowEnv struct {
	*webtest.Env
	t      *testing.T
	callID int64
	call   string
	budget map[int64]int64 // lot id -> budget
	apps   []flowApp
}

func newFlowEnv(t *testing.T, d *db.DB) *flowEnv {
	t.Helper()
	e := webtest.New(t, d)
	closed := time.Now().UTC().Add(-2 * time.Hour).Truncate(time.Second)
	fx := apptest.Call(t, d, apptest.Spec{Reference: "CFP-FLOW-01", Closes: closed, LotBudgets: []int64{5_000_000, 4_000_000}})
	fe := &flowEnv{Env: e, t: t, callID: fx.Call.ID, call: itoa(fx.Call.ID), budget: map[int64]int64{}}
	for _, l := range fx.Lots {
		fe.budget[l.ID] = l.BudgetMinor
	}
	orgC := fe.applicant(flowApplicantC, "Organisation C", "en")
	orgD := fe.applicant(flowApplicantD, "Organisation D", "sq")
	lot1, lot2 := fx.Lots[0].ID, fx.Lots[1].ID
	fe.apps = []flowApp{{Key: "A1", LotID: lot1, Requested: 3_000_000, Owner: webtest.ApplicantA},
		{Key: "B1", LotID: lot1, Requested: 3_000_000, Owner: webtest.ApplicantB},
		{Key: "C1", LotID: lot1, Requested: 2_000_000, Owner: flowApplicantC},
		{Key: "D1", LotID: lot2, Requested: 2_500_000, Owner: flowApplicantD}}
	orgs := []int64{e.OrgA.ID, e.OrgB.ID, orgC, orgD}
	seed := make([]awardtest.App, len(fe.apps))
	for i, a := range fe.apps {
		seed[i] = awardtest.App{LotID: a.LotID, OrgID: orgs[i], Requested: a.Requested}
	}
	ids := awardtest.Apps(t, d, fx.Call.ID, "full", seed)
	for i := range fe.apps {
		fe.apps[i].ID = ids[i]
		fe.sql(`UPDATE applications SET submitted_by = ? WHERE id = ?`, e.Users[fe.apps[i].Owner].ID, ids[i])
		if err := db.Get(context.Background(), d, &fe.apps[i].Ref, `SELECT reference FROM applications WHERE id = ?`, ids[i]); err != nil {
			t.Fatal(err)
		}
	}
	return fe
}

// applicant creates an organisation with one signed-in applicant member.
func (fe *flowEnv) applicant(p webtest.Principal, org, lang string) int64 {
	fe.t.Helper()
	ctx := context.Background()
	o, err := fe.Store.CreateOrg(ctx, org, "ngo")
	if err != nil {
		fe.t.Fatal(err)
	}
	u, err := fe.Store.CreateUser(ctx, auth.NewUser{Email: string(p) + "@test.example", Name: string(p), Role: auth.Applicant,
		Lang: lang, Password: webtest.Password})
	if err != nil {
		fe.t.Fatal(err)
	}
	if err := fe.Store.AddMember(ctx, u.ID, o.ID); err != nil {
		fe.t.Fatal(err)
	}
	fe.Users[p] = u
	fe.SignIn(p)
	return o.ID
}

func (fe *flowEnv) sql(q string, args ...any) {
	fe.t.Helper()
	if _, err := db.Exec(context.Background(), fe.DB, q, args...); err != nil {
		fe.t.Fatalf("%s: %v", q, err)
	}
}

// app returns the seeded application of a key.
func (fe *flowEnv) app(key string) flowApp {
	for _, a := range fe.apps {
		if a.Key == key {
			return a
		}
	}
	fe.t.Fatalf("no application %s", key)
	return flowApp{}
}

// post sends a form as p and fails unless the status is want.
func (fe *flowEnv) post(p webtest.Principal, path string, form url.Values, want int) *httptest.ResponseRecorder {
	fe.t.Helper()
	rec := fe.Post(p, path, form)
	if rec.Code != want {
		fe.t.Fatalf("POST %s as %s: status %d, want %d\n%.2000s", path, p, rec.Code, want, rec.Body)
	}
	return rec
}

// get fetches a page as p and fails unless the status is want.
func (fe *flowEnv) get(p webtest.Principal, path string, want int) *httptest.ResponseRecorder {
	fe.t.Helper()
	rec := fe.Get(p, path)
	if rec.Code != want {
		fe.t.Fatalf("GET %s as %s: status %d, want %d\n%.2000s", path, p, rec.Code, want, rec.Body)
	}
	return rec
}

// contains reports every missing part of a body as an error.
func flowHas(t *testing.T, what, body string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(body, p) {
			t.Errorf("%s lacks %q", what, p)
		}
	}
}

// lacks reports every part present in a body as an error.
func flowLacks(t *testing.T, what, body string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(body, p) {
			t.Errorf("%s shows %q", what, p)
		}
	}
}

// flowOptionRE reads the options of a select: value and label.
var flowOptionRE = regexp.MustCompile(`<option value="(\d+)"[^>]*>([^<]*)</option>`)

// candidateID finds a person in the committee page's select by name.
func (fe *flowEnv) candidateID(page, name string) string {
	fe.t.Helper()
	for _, m := range flowOptionRE.FindAllStringSubmatch(page, -1) {
		if strings.HasPrefix(m[2], name+" (") {
			return m[1]
		}
	}
	fe.t.Fatalf("committee page offers no %q", name)
	return ""
}

// assignments is the officer's view of the call's assignments (the API).
func (fe *flowEnv) assignments() map[int64]review.AppAssignments {
	fe.t.Helper()
	rec := fe.get(webtest.ProgramOfficer, "/api/v1/calls/"+fe.call+"/assignments?stage=full", 200)
	var pg struct{ Items []review.AppAssignments }
	if err := json.Unmarshal(rec.Body.Bytes(), &pg); err != nil {
		fe.t.Fatal(err)
	}
	out := map[int64]review.AppAssignments{}
	for _, a := range pg.Items {
		out[a.ApplicationID] = a
	}
	return out
}

// active lists the active assignments of an application, in id order.
func (fe *flowEnv) active(appID int64) []review.AssignmentLine {
	var out []review.AssignmentLine
	for _, l := range fe.assignments()[appID].Assignments {
		if l.Status == review.Active {
			out = append(out, l)
		}
	}
	return out
}

// principalOf names the evaluator with a user id.
func (fe *flowEnv) principalOf(userID int64) webtest.Principal {
	fe.t.Helper()
	for p, u := range fe.Users {
		if u.ID == userID {
			return p
		}
	}
	fe.t.Fatalf("no principal with user id %d", userID)
	return ""
}

// declare posts an evaluator's declaration on its assignment.
func (fe *flowEnv) declare(p webtest.Principal, asg int64, conflict string) *httptest.ResponseRecorder {
	fe.t.Helper()
	return fe.post(p, "/assignments/"+itoa(asg)+"/declare", url.Values{"conflict": {conflict}}, 303)
}

// flowScoreNameRE reads the criteria of the score form from its inputs.
var flowScoreNameRE = regexp.MustCompile(`name="scores\[([0-9.]+)\]\.score"`)

// criteria reads the criterion codes off the evaluator's score form.
func (fe *flowEnv) criteria(p webtest.Principal, asg int64) []string {
	fe.t.Helper()
	page := fe.get(p, "/assignments/"+itoa(asg)+"/review", 200).Body.String()
	var codes []string
	seen := map[string]bool{}
	for _, m := range flowScoreNameRE.FindAllStringSubmatch(page, -1) {
		if !seen[m[1]] { // one radio per point of the scale
			seen[m[1]] = true
			codes = append(codes, m[1])
		}
	}
	if len(codes) == 0 {
		fe.t.Fatalf("score form of assignment %d has no criteria:\n%s", asg, page)
	}
	return codes
}

// submitReview submits a score form through its confirmation step: the
// first post shows what will be locked (200), the confirmation submits.
func (fe *flowEnv) submitReview(p webtest.Principal, asg int64, f url.Values) {
	fe.t.Helper()
	path := "/assignments/" + itoa(asg) + "/review"
	flowHas(fe.t, "confirmation step", fe.post(p, path, f, 200).Body.String(), `name="confirm" value="yes"`)
	c := url.Values{}
	for k, v := range f {
		c[k] = v
	}
	c.Set("confirm", "yes")
	fe.post(p, path, c, 303)
}

// scoreValues is a submitted score form giving every criterion score.
func flowScoreForm(codes []string, score int) url.Values {
	f := url.Values{"action": {"submit"}, "comment": {"Consistent with the grid."}}
	for _, c := range codes {
		f.Set("scores["+c+"].score", strconv.Itoa(score))
		f.Set("scores["+c+"].justification", "Evidence for criterion "+c+" is in the narrative and the budget.")
	}
	return f
}

// flowRanking is the API's ranking, as far as the flow reads it.
type flowRanking struct {
	Approved bool `json:"approved"`
	Lots     []struct {
		ID           int64 `json:"id"`
		BudgetMinor  int64 `json:"budget_minor"`
		AwardedMinor int64 `json:"awarded_minor"`
		Applications []struct {
			Rank          int                    `json:"rank"`
			ApplicationID int64                  `json:"application_id"`
			Reference     string                 `json:"reference"`
			FinalScore    string                 `json:"final_score"`
			Sections      []review.SectionResult `json:"sections"`
			Fundable      bool                   `json:"fundable"`
			Decision      string                 `json:"decision"`
			ReserveRank   *int                   `json:"reserve_rank"`
			AmountMinor   int64                  `json:"amount_minor"`
		} `json:"applications"`
	} `json:"lots"`
}

func (fe *flowEnv) rankingAPI() flowRanking {
	fe.t.Helper()
	var r flowRanking
	if err := json.Unmarshal(fe.get(webtest.ProgramOfficer, "/api/v1/calls/"+fe.call+"/ranking", 200).Body.Bytes(), &r); err != nil {
		fe.t.Fatal(err)
	}
	return r
}

var (
	flowRowRE  = regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`)
	flowCellRE = regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`)
	flowTagRE  = regexp.MustCompile(`<[^>]+>`) // a cell's link to its application
)

// rankingPage reads the officer's ranking page: the cells of each ranked
// row (rank first, then the reference), by reference.
func (fe *flowEnv) rankingPage() map[string][]string {
	fe.t.Helper()
	page := fe.get(webtest.ProgramOfficer, "/calls/"+fe.call+"/ranking", 200).Body.String()
	out := map[string][]string{}
	for _, row := range flowRowRE.FindAllStringSubmatch(page, -1) {
		var cells []string
		for _, c := range flowCellRE.FindAllStringSubmatch(row[1], -1) {
			cells = append(cells, strings.TrimSpace(flowTagRE.ReplaceAllString(c[1], "")))
		}
		if len(cells) > 2 {
			out[cells[1]] = cells
		}
	}
	return out
}

// mailsTo lists the outbox's messages to an address.
func (fe *flowEnv) mailsTo(addr string) []notify.Row {
	fe.t.Helper()
	rows, err := notify.All(context.Background(), fe.DB)
	if err != nil {
		fe.t.Fatal(err)
	}
	var out []notify.Row
	for _, r := range rows {
		if r.To == addr {
			out = append(out, r)
		}
	}
	return out
}

// status reads an application's status.
func (fe *flowEnv) status(appID int64) string {
	fe.t.Helper()
	var s string
	if err := db.Get(context.Background(), fe.DB, &s, `SELECT status FROM applications WHERE id = ?`, appID); err != nil {
		fe.t.Fatal(err)
	}
	return s
}
