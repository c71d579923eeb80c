package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/review"
	"github.com/subgrant/portal/internal/web/webtest"
)

// euGridForm is the EU full-application grid as the edit form posts it.
func euGridForm(t *testing.T) url.Values {
	t.Helper()
	ps, err := donor.Load()
	if err != nil {
		t.Fatal(err)
	}
	tpl, _ := ps["eu"].Grid(review.StageFull)
	f := review.FormOfGrid(review.GridOfTemplate(tpl, 0, review.StageFull), nil)
	v := url.Values{"stage": {"full"}, "scale_min": {f.ScaleMin}, "scale_max": {f.ScaleMax}, "pass_mark": {f.PassMark},
		"evaluators_per_application": {f.EvaluatorsPerApp}, "min_justification": {f.MinJustification},
		"divergence_points": {f.DivergencePoints}, "final_rule": {f.FinalRule}, "reserve_size": {f.ReserveSize},
		"tie_break_section": {f.TieBreakSection}, "section_rows": {itoa(int64(len(f.Sections)))}}
	for i, s := range f.Sections {
		sf := func(n, val string) { v.Set(review.SectionField(i, n), val) }
		sf("code", s.Code)
		sf("title_sq", s.TitleSQ)
		sf("title_en", s.TitleEN)
		sf("title_sr", s.TitleSR)
		sf("threshold", s.Threshold)
		sf("criterion_rows", itoa(int64(len(s.Criteria))))
		for j, c := range s.Criteria {
			for n, val := range map[string]string{"code": c.Code, "title_sq": c.TitleSQ, "title_en": c.TitleEN, "title_sr": c.TitleSR,
				"guidance_sq": c.GuidanceSQ, "guidance_en": c.GuidanceEN, "guidance_sr": c.GuidanceSR, "weight": c.Weight} {
				v.Set(review.CriterionField(i, j, n), val)
			}
		}
	}
	return v
}

// Bad input comes back with 422, the messages beside the fields and in the
// summary, and every value as typed; nothing is stored. The add and remove
// buttons reshape the form without saving; a good form is saved (PRG).
func TestGridEditForm(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newGridEnv(t, d)
		path := gridPath(e.open) + "/edit"
		form := euGridForm(t)
		form.Set("pass_mark", "fifty")
		form.Set("sections[0].title_sr", "")
		form.Set("sections[1].criteria[0].weight", "3")
		form.Set("sections[2].criteria[0].title_en", `<b>kept</b> & typed`)
		rec := e.Post(webtest.ProgramOfficer, path, form)
		body := rec.Body.String()
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("invalid grid: %d", rec.Code)
		}
		for id, key := range map[string]string{"f-pass-mark": "grids.error.number", "f-sections[0].title-sr": "grids.error.title_required",
			"f-sections[1].criteria[0].weight": "grids.error.weight"} {
			// html/template percent-encodes the brackets in the link; browsers
			// decode a fragment before looking for the id.
			if !fieldInvalid(body, id) || !hasErrorSummary(body, strings.NewReplacer("[", "%5b", "]", "%5d").Replace(id)) || !strings.Contains(body, enMessage(t, key)) {
				t.Errorf("%s: not marked invalid, not in the summary or without %s", id, key)
			}
		}
		if !strings.Contains(body, `value="fifty"`) || !strings.Contains(body, `value="&lt;b&gt;kept&lt;/b&gt; &amp; typed"`) ||
			!strings.Contains(body, "Compare the cost per beneficiary") {
			t.Error("the refused form lost what was typed")
		}
		if n := countGrids(t, d); n != 0 {
			t.Fatalf("a refused grid stored %d grids", n)
		}
		add := euGridForm(t)
		add.Set("add", "section")
		if rec := e.Post(webtest.ProgramOfficer, path, add); rec.Code != 200 || !strings.Contains(rec.Body.String(), `name="sections[5].code"`) {
			t.Errorf("add a section: %d", rec.Code)
		}
		rm := euGridForm(t)
		rm.Set("remove", "criterion:0:0")
		if body := e.Post(webtest.ProgramOfficer, path, rm).Body.String(); strings.Contains(body, `name="sections[0].criteria[3].code"`) ||
			!strings.Contains(body, `value="1.2"`) || strings.Contains(body, `value="1.1"`) {
			t.Error("remove criterion 1.1: the form still has four capacity criteria")
		}
		if n := countGrids(t, d); n != 0 {
			t.Fatalf("add or remove stored %d grids", n)
		}
		good := euGridForm(t)
		good.Set("pass_mark", "55")
		good.Set("review_due_at", "2026-09-30")
		rec = e.Post(webtest.ProgramOfficer, path, good)
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != gridPath(e.open)+"?stage=full" {
			t.Fatalf("save: %d %s", rec.Code, rec.Header().Get("Location"))
		}
		g, _ := readGrid(t, e, webtest.Admin, apiGridPath(e.open))
		if g.ID == 0 || g.PassMark != 55 || g.Max != 100 {
			t.Errorf("after saving: id %d pass %d max %d", g.ID, g.PassMark, g.Max)
		}
	})
}

// Titles typed by officers are escaped on every page that shows them.
func TestGridTitlesEscaped(t *testing.T) {
	e := newGridEnv(t, dbtest.SQLite(t))
	form := euGridForm(t)
	xss := `<script>alert("grid")</script>`
	form.Set("sections[1].title_en", xss)
	form.Set("sections[1].criteria[0].title_en", xss+" question")
	form.Set("sections[1].criteria[0].guidance_en", xss+" guidance")
	if rec := e.Post(webtest.ProgramOfficer, gridPath(e.open)+"/edit", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("save: %d", rec.Code)
	}
	for _, path := range []string{gridPath(e.open), gridPath(e.open) + "/edit"} {
		body := e.Get(webtest.ProgramOfficer, path).Body.String()
		if strings.Contains(body, xss) || !strings.Contains(body, htmlText(xss)) {
			t.Errorf("%s: the title is not escaped", path)
		}
	}
	if body := e.Get(webtest.ApplicantA, gridPath(e.open)).Body.String(); strings.Contains(body, xss) || !strings.Contains(body, htmlText(xss)+" guidance") {
		t.Error("the applicant's grid page does not escape the guidance")
	}
}

// Through the API: a grid read is written back changed; a bad one is
// refused field by field and changes nothing; once frozen, every edit is
// refused with the translated conflict and the pages say why.
func TestGridAPIEditAndFreeze(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newGridEnv(t, d)
		path := apiGridPath(e.open)
		raw := e.Get(webtest.ProgramOfficer, path).Body.String()
		var g map[string]any
		if err := json.Unmarshal([]byte(raw), &g); err != nil {
			t.Fatal(err)
		}
		g["pass_mark"] = 60
		g["final_rule"] = "mean_two_closest"
		put := func(v any) (int, problem) {
			b, _ := json.Marshal(v)
			rec := e.Do(webtest.ProgramOfficer, webtest.Request{Method: "PUT", Path: path, JSON: string(b)})
			var p problem
			if rec.Code != http.StatusOK {
				p = decodeProblem(t, rec.Body.Bytes(), rec.Header().Get("Content-Type"))
			}
			return rec.Code, p
		}
		if code, p := put(g); code != http.StatusOK {
			t.Fatalf("put what was read: %d %+v", code, p)
		}
		got, _ := readGrid(t, e, webtest.ApplicantA, path)
		if got.ID == 0 || got.PassMark != 60 {
			t.Fatalf("after put: id %d pass %d", got.ID, got.PassMark)
		}
		crit := g["sections"].([]any)[1].(map[string]any)["criteria"].([]any)[0].(map[string]any)
		crit["weight"] = 3
		g["pass_mark"] = 70
		code, p := put(g)
		if code != http.StatusUnprocessableEntity || len(p.Errors) != 1 || p.Errors[0].Field != "sections[1].criteria[0].weight" ||
			p.Errors[0].Code != "grids.error.weight" || p.Errors[0].Message != "Choose a weight of ×1 or ×2." {
			t.Errorf("bad weight: %d %+v", code, p)
		}
		crit["weight"] = 2
		if _, err := d.ExecContext(t.Context(), d.Rebind(`UPDATE eval_grids SET frozen_at = updated_at WHERE call_id = ?`), e.open.ID); err != nil {
			t.Fatal(err)
		}
		frozen := enMessage(t, "grids.error.frozen")
		if code, p := put(g); code != http.StatusConflict || p.Detail != "Scoring has started on this grid: it is frozen and can no longer be changed." {
			t.Errorf("put on a frozen grid: %d %+v", code, p)
		}
		rec := e.Post(webtest.ProgramOfficer, gridPath(e.open)+"/edit", euGridForm(t))
		if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), frozen) {
			t.Errorf("form post on a frozen grid: %d", rec.Code)
		}
		if rec := e.Get(webtest.ProgramOfficer, gridPath(e.open)+"/edit"); rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), frozen) {
			t.Errorf("edit form of a frozen grid: %d", rec.Code)
		}
		view := e.Get(webtest.ProgramOfficer, gridPath(e.open)).Body.String()
		if strings.Contains(view, "/grid/edit") || !strings.Contains(view, "the grid is frozen") {
			t.Error("the page of a frozen grid offers editing or does not say it is frozen")
		}
		after, _ := readGrid(t, e, webtest.Admin, path)
		if after.PassMark != 60 || !after.Frozen {
			t.Errorf("the frozen grid changed: pass %d frozen %v", after.PassMark, after.Frozen)
		}
	})
}
