package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// gridEnv is a portal with three calls: open (published, of the donor
// officer's programme), draft (same programme) and other (published,
// two-stage, of another donor's programme).
type gridEnv struct {
	*webtest.Env
	open, draft, other call.Call
}

func newGridEnv(t *testing.T, d *db.DB) *gridEnv {
	t.Helper()
	e := webtest.New(t, d)
	p := seedProgramme(t, e, orgID(t, e, "Donor"), "Programme")
	return &gridEnv{Env: e, open: seedCall(t, e, p.ID, "EU-OPEN-01", "Open call", true),
		draft: seedCall(t, e, p.ID, "EU-DRAFT-01", "Draft call", false),
		other: apptest.Call(t, d, apptest.Spec{Reference: "EU-TWO-01", TwoStage: true}).Call}
}

func gridPath(c call.Call) string { return "/calls/" + itoa(c.ID) + "/grid" }

func apiGridPath(c call.Call) string { return "/api/v1/calls/" + itoa(c.ID) + "/grid" }

// Who reads and edits which grid: readers as for the call (donors only
// their programmes', applicants published calls), evaluators only calls
// they are assigned in (none here: 404), editors officers only.
func TestGridRoutesMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newGridEnv(t, d)
		readers := map[webtest.Principal]int{webtest.Anon: 303, webtest.Evaluator1: 404, webtest.Evaluator2: 404}
		draftReaders := with(with(readers, webtest.ApplicantA, 404), webtest.ApplicantB, 404)
		otherReaders := with(readers, webtest.DonorOfficer, 404)
		api := func(m map[webtest.Principal]int) map[webtest.Principal]int { return with(m, webtest.Anon, 401) }
		editors := map[webtest.Principal]int{webtest.Admin: 200, webtest.ProgramOfficer: 200, webtest.Anon: 303}
		posted := map[webtest.Principal]int{webtest.Admin: 422, webtest.ProgramOfficer: 422, webtest.Anon: 401}
		officers404 := map[webtest.Principal]int{webtest.Admin: 404, webtest.ProgramOfficer: 404, webtest.Anon: 303}
		bad := url.Values{"stage": {"full"}, "pass_mark": {"x"}, "section_rows": {"0"}}
		e.CheckMatrix(t, []webtest.Case{
			{Name: "grid of open call", Req: webtest.Request{Path: gridPath(e.open)}, Default: 200, Want: readers},
			{Name: "grid of draft call", Req: webtest.Request{Path: gridPath(e.draft)}, Default: 200, Want: draftReaders},
			{Name: "grid of other donor's call", Req: webtest.Request{Path: gridPath(e.other) + "?stage=concept"}, Default: 200, Want: otherReaders},
			{Name: "concept grid of one-stage call", Req: webtest.Request{Path: gridPath(e.open) + "?stage=concept"}, Default: 404,
				Want: map[webtest.Principal]int{webtest.Anon: 303}},
			{Name: "grid of unknown call", Req: webtest.Request{Path: "/calls/999999/grid"}, Default: 404,
				Want: map[webtest.Principal]int{webtest.Anon: 303}},
			{Name: "edit form", Req: webtest.Request{Path: gridPath(e.open) + "/edit"}, Default: 403, Want: editors},
			{Name: "edit form of unknown call", Req: webtest.Request{Path: "/calls/999999/grid/edit"}, Default: 403, Want: officers404},
			{Name: "post invalid grid", Req: webtest.Request{Method: "POST", Path: gridPath(e.open) + "/edit", Form: bad}, Default: 403, Want: posted},
			{Name: "api grid", Req: webtest.Request{Path: apiGridPath(e.open)}, Default: 200, Want: api(readers)},
			{Name: "api draft grid", Req: webtest.Request{Path: apiGridPath(e.draft)}, Default: 200, Want: api(draftReaders)},
			{Name: "api other grid", Req: webtest.Request{Path: apiGridPath(e.other)}, Default: 200, Want: api(otherReaders)},
			{Name: "api bad stage", Req: webtest.Request{Path: apiGridPath(e.open) + "?stage=interview"}, Default: 400, Want: api(readers)},
			{Name: "api put invalid", Req: webtest.Request{Method: "PUT", Path: apiGridPath(e.open), JSON: `{"pass_mark": 1}`}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Admin: 422, webtest.ProgramOfficer: 422, webtest.Anon: 401}},
		})
		if n := countGrids(t, d); n != 0 {
			t.Errorf("the matrix stored %d grids", n)
		}
	})
}

func countGrids(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.GetContext(t.Context(), &n, `SELECT COUNT(*) FROM eval_grids`); err != nil {
		t.Fatal(err)
	}
	return n
}

// apiGridDoc is the API's grid as clients read it.
type apiGridDoc struct {
	ID              int64
	CallID          int64 `json:"call_id"`
	Stage           string
	Max             int
	PassMark        int `json:"pass_mark"`
	Frozen          bool
	TieBreakSection string `json:"tie_break_section"`
	Sections        []struct {
		Code      string
		TitleEN   string `json:"title_en"`
		Threshold int
		Max       int
		Criteria  []struct {
			Code       string
			TitleSQ    string `json:"title_sq"`
			GuidanceSR string `json:"guidance_sr"`
			Weight     int
			Max        int
		}
	}
}

func readGrid(t *testing.T, e *gridEnv, p webtest.Principal, path string) (apiGridDoc, map[string]any) {
	t.Helper()
	rec := e.Get(p, path)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s as %s: %d %s", path, p, rec.Code, rec.Body)
	}
	var doc apiGridDoc
	var raw map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &raw)
	return doc, raw
}

// The API gives the EU default with its numbers, guidance in every
// language, and the concept-note grid of a two-stage call.
func TestGridAPIShape(t *testing.T) {
	e := newGridEnv(t, dbtest.SQLite(t))
	g, raw := readGrid(t, e, webtest.ApplicantA, apiGridPath(e.open))
	if g.ID != 0 || g.CallID != e.open.ID || g.Stage != "full" || g.Max != 100 || g.PassMark != 50 || g.Frozen ||
		g.TieBreakSection != "relevance" || len(g.Sections) != 5 {
		t.Fatalf("full grid: id %d call %d stage %s max %d pass %d sections %d", g.ID, g.CallID, g.Stage, g.Max, g.PassMark, len(g.Sections))
	}
	rel := g.Sections[1]
	if rel.Code != "relevance" || rel.Max != 30 || rel.Threshold != 20 || len(rel.Criteria) != 4 ||
		rel.Criteria[0].Code != "2.1" || rel.Criteria[0].Weight != 2 || rel.Criteria[0].Max != 10 ||
		!strings.Contains(rel.Criteria[0].TitleSQ, "objektivat dhe prioritetet") || rel.Criteria[0].GuidanceSR == "" {
		t.Errorf("relevance: %+v", rel)
	}
	for _, key := range []string{"evaluators_per_application", "min_justification", "divergence_points", "final_rule",
		"reserve_size", "scale_min", "scale_max", "review_due_at", "frozen_at"} {
		if _, ok := raw[key]; !ok {
			t.Errorf("the grid lacks %q", key)
		}
	}
	c, _ := readGrid(t, e, webtest.ProgramOfficer, apiGridPath(e.other)+"?stage=concept")
	if c.Stage != "concept" || c.Max != 50 || c.PassMark != 30 || len(c.Sections) != 2 || c.Sections[0].Threshold != 18 {
		t.Errorf("concept grid: %+v", c)
	}
	rec := e.Get(webtest.ProgramOfficer, apiGridPath(e.open)+"?stage=concept")
	if p := decodeProblem(t, rec.Body.Bytes(), rec.Header().Get("Content-Type")); rec.Code != 404 ||
		p.Detail != "This call has a single stage: there is no concept-note grid." {
		t.Errorf("concept grid of a one-stage call: %d %+v", rec.Code, p)
	}
}

// The grid page shows every section and criterion with its guidance in the
// reader's language, and the link to edit only to officers.
func TestGridPage(t *testing.T) {
	e := newGridEnv(t, dbtest.SQLite(t))
	body := e.Get(webtest.ApplicantA, gridPath(e.open)).Body.String()
	for _, want := range []string{"How relevant is the action to the objectives and priorities of the call for proposals?",
		"Financial and operational capacity", "Maximum: 30 points.", "Threshold: 20 points.", `<th scope="row">5.2</th>`,
		"Compare the cost per beneficiary", enMessage(t, "grids.default_notice")} {
		if !strings.Contains(body, want) {
			t.Errorf("the grid page lacks %q", want)
		}
	}
	if strings.Contains(body, "/grid/edit") {
		t.Error("an applicant is offered the edit link")
	}
	if !strings.Contains(e.Get(webtest.ProgramOfficer, gridPath(e.open)).Body.String(), `href="/calls/`+itoa(e.open.ID)+`/grid/edit?stage=full"`) {
		t.Error("the officer has no edit link")
	}
	if !strings.Contains(e.Get(webtest.ProgramOfficer, "/manage/calls/"+itoa(e.open.ID)).Body.String(), `href="/calls/`+itoa(e.open.ID)+`/grid"`) {
		t.Error("the officer's call page does not link to the grid")
	}
	if err := e.Store.SetLang(t.Context(), e.Users[webtest.ApplicantA].ID, "sq"); err != nil {
		t.Fatal(err)
	}
	if sq := e.Get(webtest.ApplicantA, gridPath(e.open)).Body.String(); !strings.Contains(sq, "Kapaciteti financiar dhe operacional") ||
		!strings.Contains(sq, "Sa i rëndësishëm është veprimi për objektivat") {
		t.Error("the Albanian grid page is not in Albanian")
	}
}
