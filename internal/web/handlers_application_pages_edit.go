package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
)

// editState is what one editor page shows: the field values, the errors
// (catalogue keys, plus full messages for rules with amounts) and the
// budget lines the totals are computed from.
type editState struct {
	vals   map[string]string
	errs   apperr.FieldErrors
	rich   map[string]string
	lines  []application.BudgetLine
	parsed []application.BudgetLine // the posted lines as read, for line totals
	add    string
	status int
}

// editSection opens a section of a draft's editor.
func (s *Server) editSection(c *gin.Context) {
	ac, sec, ok := s.editable(c)
	if !ok {
		return
	}
	st := editState{vals: map[string]string{}, errs: apperr.FieldErrors{}, rich: map[string]string{}, lines: ac.app.Budget,
		parsed: ac.app.Budget, status: http.StatusOK}
	formValues(st.vals, formOf(ac.app, s.lang(c)))
	s.renderEditor(c, ac, sec, st)
}

// editable loads a draft the user may change and the :section parameter;
// a submitted application leads to its read-only view.
func (s *Server) editable(c *gin.Context) (*appCtx, string, bool) {
	ac, ok := s.loadApp(c)
	if !ok {
		return nil, "", false
	}
	sec := c.Param("section")
	switch {
	case sec == "attachments": // a page of its own (multipart forms)
		c.Redirect(http.StatusSeeOther, sectionHref(ac.app.ID, sec))
		return nil, "", false
	case !slices.Contains(appSections, sec):
		s.notFound(c)
		return nil, "", false
	case !ac.sc.CanWriteFor(ac.app.OrgID):
		s.respondError(c, apperr.New(apperr.Forbidden, "applications.error.read_only"))
		return nil, "", false
	case !ac.editableNow():
		s.setFlash(c, "apppages.flash.not_editable")
		c.Redirect(http.StatusSeeOther, appPath(ac.app.ID, ""))
		return nil, "", false
	}
	return ac, sec, true
}

// saveSection saves one section of a draft: 422 with every typed value and
// the errors beside the fields when it cannot, else back to the section
// (or on to the next one) with a flash.
func (s *Server) saveSection(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	ac, sec, ok := s.editable(c)
	if !ok {
		return
	}
	f := formOf(ac.app, s.lang(c))
	st := editState{vals: map[string]string{}, errs: apperr.FieldErrors{}, rich: map[string]string{}, lines: ac.app.Budget,
		add: postValue(c, "add"), status: http.StatusUnprocessableEntity}
	remove := ""
	if sec == "budget" {
		if remove = postValue(c, "remove"); remove != "" {
			removeLine(c, remove)
		}
	}
	raw := map[string]string{}
	readSection(c, sec, &f, st.errs, raw)
	formValues(st.vals, f)
	for k, v := range raw {
		st.vals[k] = v
	}
	if st.add != "" || remove != "" { // a row more or less: shown, not saved
		in, err := f.Parse(string(s.lang(c)), ac.profile)
		st.parsed = in.Budget
		if err == nil {
			st.lines = in.Budget
		}
		st.status = http.StatusOK
		s.renderEditor(c, ac, sec, st)
		return
	}
	if !s.saveForm(c, ac, sec, f, st) {
		return
	}
	s.setFlash(c, "apppages.flash.saved")
	next := sec
	if postValue(c, "continue") != "" {
		if i := slices.Index(appSections, sec); i+1 < len(appSections) {
			next = appSections[i+1]
		} else {
			c.Redirect(http.StatusSeeOther, appPath(ac.app.ID, "/check"))
			return
		}
	}
	c.Redirect(http.StatusSeeOther, appPath(ac.app.ID, "/edit/"+next))
}

// saveForm checks f and saves it, true once saved; else it shows section
// sec again with st's values and every error beside its field, and saves
// nothing.
func (s *Server) saveForm(c *gin.Context, ac *appCtx, sec string, f application.Form, st editState) bool {
	var codes []string
	for _, g := range f.TargetGroups {
		codes = append(codes, g.Code)
	}
	in, err := f.Parse(string(s.lang(c)), ac.profile)
	st.parsed = in.Budget
	if err == nil {
		st.lines = in.Budget
	}
	addErrors(st.errs, err, codes)
	if len(st.errs) > 0 {
		s.renderEditor(c, ac, sec, st)
		return false
	}
	_, err = ac.st.Update(c.Request.Context(), ac.app.ID, ac.sc, currentUser(c).ID, in)
	switch {
	case err == nil:
		return true
	case apperr.Is(err, apperr.Invalid):
		s.limitErrors(c, ac, in, err, codes, &st)
		s.renderEditor(c, ac, sec, st)
	case apperr.Is(err, apperr.Conflict):
		st.status = http.StatusConflict
		st.errs.Add("form", apperr.As(err).Key)
		s.renderEditor(c, ac, sec, st)
	default:
		s.respondError(c, err)
	}
	return false
}

// addErrors puts a domain error's fields under the page's field names.
func addErrors(fe apperr.FieldErrors, err error, codes []string) {
	if err == nil {
		return
	}
	e := apperr.As(err)
	if len(e.Fields) == 0 {
		fe.Add("form", e.Key)
	}
	for path, key := range e.Fields {
		if _, ok := fe[pathName(path, codes)]; !ok {
			fe.Add(pathName(path, codes), key)
		}
	}
}

// limitErrors explains the money and duration rules a draft broke, with
// their amounts and percentages beside each field; the error summary
// gets a shorter message without them.
func (s *Server) limitErrors(c *gin.Context, ac *appCtx, in application.Input, err error, codes []string, st *editState) {
	st.lines = in.Budget
	e := apperr.As(err)
	ps := application.Check(ac.app.With(in), ac.call, ac.lots, ac.profile, s.now())
	for path, key := range e.Fields {
		name := pathName(path, codes)
		st.errs.Add(name, argFree(s, key))
		for _, p := range ps {
			if p.Field == path && p.Key == key {
				st.rich[name] = s.problemMessage(s.lang(c), p)
				break
			}
		}
	}
}

// argFree is a key whose message needs no arguments: rules with amounts
// have a short variant under apppages.limit.
func argFree(s *Server, key string) string {
	if strings.Contains(s.cat.T("sq", key), "{") {
		if alt := "apppages.limit." + key[strings.LastIndex(key, ".")+1:]; s.cat.Has(alt) {
			return alt
		}
	}
	return key
}
