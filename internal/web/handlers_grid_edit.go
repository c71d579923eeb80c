package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/review"
)

// Rows an edited grid may have; more are cut off (the domain refuses
// grids beyond its own limits anyway).
const (
	gridMaxSections = 20
	gridMaxCriteria = 30
)

var gridRuleFields = []string{"scale_min", "scale_max", "pass_mark", "evaluators_per_application", "min_justification",
	"divergence_points", "final_rule", "reserve_size", "tie_break_section", "review_due_at"}

// editGridForm shows the grid of a call stage as a form; a frozen grid
// answers 409 with the reason.
func (s *Server) editGridForm(c *gin.Context) {
	cl, stage, g, ok := s.callGrid(c)
	if !ok {
		return
	}
	if g.Frozen() {
		s.respondError(c, apperr.New(apperr.Conflict, "grids.error.frozen"))
		return
	}
	s.renderGridForm(c, http.StatusOK, cl, stage, review.FormOfGrid(g, cl.Location()), nil)
}

// updateGrid saves the posted grid; the add and remove buttons show the
// form again with a row more or less, saving nothing.
func (s *Server) updateGrid(c *gin.Context) {
	cl, ok := s.scopedCall(c)
	if !ok || !s.parseForm(c) {
		return
	}
	stage, ok := gridStage(postValue(c, "stage"))
	if !ok {
		s.notFound(c)
		return
	}
	f := gridFormFrom(c)
	if add, remove := postValue(c, "add"), postValue(c, "remove"); add != "" || remove != "" {
		s.renderGridForm(c, http.StatusOK, cl, stage, reshapeGridForm(f, add, remove), nil)
		return
	}
	g, err := f.Parse(cl.Location())
	if err == nil {
		_, err = s.reviewStore().UpdateGrid(c.Request.Context(), cl.ID, stage, g, currentUser(c).ID)
	}
	switch {
	case err == nil:
		s.setFlash(c, "grids.saved")
		c.Redirect(http.StatusSeeOther, "/calls/"+strconv.FormatInt(cl.ID, 10)+"/grid?stage="+stage)
	case apperr.CodeOf(err) == apperr.Invalid:
		s.renderGridForm(c, http.StatusUnprocessableEntity, cl, stage, f, err)
	default:
		s.respondError(c, err)
	}
}

// gridFormFrom reads the posted grid form (the body only).
func gridFormFrom(c *gin.Context) review.GridForm {
	v := func(name string) string { return c.Request.PostForm.Get(name) }
	f := review.GridForm{ScaleMin: v("scale_min"), ScaleMax: v("scale_max"), PassMark: v("pass_mark"),
		EvaluatorsPerApp: v("evaluators_per_application"), MinJustification: v("min_justification"),
		DivergencePoints: v("divergence_points"), FinalRule: v("final_rule"), ReserveSize: v("reserve_size"),
		TieBreakSection: v("tie_break_section"), ReviewDueOn: v("review_due_at")}
	for i := range postedRows(c, "section_rows", gridMaxSections) {
		sf := func(name string) string { return v(review.SectionField(i, name)) }
		sec := review.SectionForm{Code: sf("code"), TitleSQ: sf("title_sq"), TitleEN: sf("title_en"), TitleSR: sf("title_sr"),
			Threshold: sf("threshold")}
		for j := range postedRows(c, review.SectionField(i, "criterion_rows"), gridMaxCriteria) {
			cf := func(name string) string { return v(review.CriterionField(i, j, name)) }
			sec.Criteria = append(sec.Criteria, review.CriterionForm{Code: cf("code"), TitleSQ: cf("title_sq"),
				TitleEN: cf("title_en"), TitleSR: cf("title_sr"), GuidanceSQ: cf("guidance_sq"),
				GuidanceEN: cf("guidance_en"), GuidanceSR: cf("guidance_sr"), Weight: cf("weight")})
		}
		f.Sections = append(f.Sections, sec)
	}
	return f
}

// postedRows reads a row count, within 0..limit.
func postedRows(c *gin.Context, name string, limit int) int {
	n, err := strconv.Atoi(postValue(c, name))
	if err != nil || n < 0 {
		return 0
	}
	return min(n, limit)
}

// reshapeGridForm applies an "add" (section, criterion:i) or "remove"
// (section:i, criterion:i:j) button to the form.
func reshapeGridForm(f review.GridForm, add, remove string) review.GridForm {
	parts := strings.Split(add+remove, ":")
	idx := make([]int, 0, 2)
	for _, p := range parts[1:] {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return f
		}
		idx = append(idx, n)
	}
	secs := f.Sections
	switch {
	case add == "section" && len(secs) < gridMaxSections:
		secs = append(secs, review.SectionForm{Threshold: "0", Criteria: []review.CriterionForm{{Weight: "1"}}})
	case parts[0] == "criterion" && add != "" && len(idx) == 1 && idx[0] < len(secs) && len(secs[idx[0]].Criteria) < gridMaxCriteria:
		secs[idx[0]].Criteria = append(secs[idx[0]].Criteria, review.CriterionForm{Weight: "1"})
	case parts[0] == "section" && remove != "" && len(idx) == 1 && idx[0] < len(secs):
		secs = append(secs[:idx[0]:idx[0]], secs[idx[0]+1:]...)
	case parts[0] == "criterion" && remove != "" && len(idx) == 2 && idx[0] < len(secs) && idx[1] < len(secs[idx[0]].Criteria):
		cs := secs[idx[0]].Criteria
		secs[idx[0]].Criteria = append(cs[:idx[1]:idx[1]], cs[idx[1]+1:]...)
	}
	f.Sections = secs
	return f
}

type gridFormData struct {
	Call      callView
	Stage     string
	Action    string
	FinalRule FieldView
	TieBreak  FieldView
	Sections  []gridFormSection
}

type gridFormSection struct {
	N        int // 1-based
	Name     func(string) string
	Rows     int
	Criteria []gridFormCriterion
}

type gridFormCriterion struct {
	N      string // "2.1" for the legend
	Fields func(string) string
	Weight FieldView
	Remove string
}

// renderGridForm shows the edit form with f's values and err's messages.
func (s *Server) renderGridForm(c *gin.Context, status int, cl call.Call, stage string, f review.GridForm, err error) {
	p := s.newPage(c, "grids.edit_title")
	p.callSteps(cl)
	p.Step("grids.title", "/calls/"+strconv.FormatInt(cl.ID, 10)+"/grid?stage="+stage)
	p.Title = cl.Reference + ": " + p.T("grids.edit_title") + " (" + p.T("grids.stage."+stage) + ")"
	form := newForm(p, gridRuleFields...)
	fillGridValues(form.Values, f)
	if err != nil {
		form.setError(err)
	}
	d := gridFormData{Call: s.viewOf(p, cl, nil), Stage: stage,
		Action: "/calls/" + strconv.FormatInt(cl.ID, 10) + "/grid/edit"}
	d.FinalRule = form.Select("final_rule", "grids.final_rule", review.MeanAll, "grids.final_rule."+review.MeanAll,
		review.MeanTwoClosest, "grids.final_rule."+review.MeanTwoClosest)
	d.TieBreak = choice(form, "tie_break_section", "grids.tie_break", "")
	for i, sec := range f.Sections {
		if code := strings.TrimSpace(sec.Code); code != "" {
			// Labelled with the section's title in the reader's language, not its code.
			title := i18n.Text{SQ: strings.TrimSpace(sec.TitleSQ), EN: strings.TrimSpace(sec.TitleEN), SR: strings.TrimSpace(sec.TitleSR)}.In(p.Lang)
			if title.Text == "" {
				title = i18n.Shown{Text: p.T("grids.section_n", "n", i+1), Lang: p.Lang, Reader: p.Lang}
			}
			d.TieBreak.Options = append(d.TieBreak.Options, shownOption(code, title, form.Values["tie_break_section"] == code))
		}
		fs := gridFormSection{N: i + 1, Rows: len(sec.Criteria), Name: func(n string) string { return review.SectionField(i, n) }}
		for j := range sec.Criteria {
			w := form.Select(review.CriterionField(i, j, "weight"), "grids.weight", "1", "grids.weight.1", "2", "grids.weight.2")
			fs.Criteria = append(fs.Criteria, gridFormCriterion{N: strconv.Itoa(i+1) + "." + strconv.Itoa(j+1), Weight: w,
				Fields: func(n string) string { return review.CriterionField(i, j, n) },
				Remove: "criterion:" + strconv.Itoa(i) + ":" + strconv.Itoa(j)})
		}
		d.Sections = append(d.Sections, fs)
	}
	p.Data = d
	s.render(c, status, "grids/edit", p)
}

func fillGridValues(v map[string]string, f review.GridForm) {
	for k, val := range map[string]string{"scale_min": f.ScaleMin, "scale_max": f.ScaleMax, "pass_mark": f.PassMark,
		"evaluators_per_application": f.EvaluatorsPerApp, "min_justification": f.MinJustification,
		"divergence_points": f.DivergencePoints, "final_rule": f.FinalRule, "reserve_size": f.ReserveSize,
		"tie_break_section": f.TieBreakSection, "review_due_at": f.ReviewDueOn} {
		v[k] = val
	}
	for i, sec := range f.Sections {
		for k, val := range map[string]string{"code": sec.Code, "title_sq": sec.TitleSQ, "title_en": sec.TitleEN,
			"title_sr": sec.TitleSR, "threshold": sec.Threshold} {
			v[review.SectionField(i, k)] = val
		}
		for j, cr := range sec.Criteria {
			for k, val := range map[string]string{"code": cr.Code, "title_sq": cr.TitleSQ, "title_en": cr.TitleEN,
				"title_sr": cr.TitleSR, "guidance_sq": cr.GuidanceSQ, "guidance_en": cr.GuidanceEN,
				"guidance_sr": cr.GuidanceSR, "weight": cr.Weight} {
				v[review.CriterionField(i, j, k)] = val
			}
		}
	}
}
