package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/report"
)

// reportParams are the request's parameters in the order forms show them.
var reportParams = []report.Param{report.Programme, report.Call, report.Grant}

// reportRequest reads a report request from values (the query string of
// a download, the body of a job): its subject, stage, format and language.
// Field errors come back as an Invalid error with the field at fault.
func (s *Server) reportRequest(c *gin.Context, rep report.Report, sc access.Scope, v url.Values) (report.Request, error) {
	name := rep.Name
	req := report.Request{Name: name, Format: strings.TrimSpace(v.Get("format")), Stage: strings.TrimSpace(v.Get("stage")),
		Scope: sc}
	fe := apperr.FieldErrors{}
	for _, p := range reportParams {
		raw := strings.TrimSpace(v.Get(string(p)))
		if raw == "" {
			continue
		}
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			fe.Add(string(p), "report.error.param")
			continue
		}
		setSubject(&req, p, id)
	}
	if req.Format == "" && len(rep.Formats) > 0 {
		req.Format = rep.Formats[0]
	}
	if req.Stage != "" && req.Stage != "full" && req.Stage != "concept" {
		fe.Add("stage", "report.error.param")
	}
	lang, ok := s.reportLang(c, strings.TrimSpace(v.Get("lang")))
	if !ok {
		fe.Add("lang", "report.error.lang")
	}
	req.Lang = lang
	if !ok {
		req.Lang = s.lang(c) // checked above; the registry checks the rest
	}
	_, err := s.reportRegistry().Check(req)
	if e := apperr.As(err); err != nil && e.Code == apperr.Invalid {
		for f, key := range e.Fields {
			fe.Add(f, key)
		}
	} else if err != nil && len(fe) == 0 {
		return req, err
	}
	return req, fe.Err()
}

// reportDownload is GET /reports/<name>: the report built whole, then sent
// as an attachment; a report of more than report.BackgroundRows rows gets
// a page offering to build it in the background instead; bad input shows
// the reports page with the error next to the field (422).
func (s *Server) reportDownload(c *gin.Context) {
	rep, sc, ok := s.reportFor(c)
	if !ok {
		return
	}
	name := rep.Name
	req, err := s.reportRequest(c, rep, sc, c.Request.URL.Query())
	if err != nil {
		s.reportError(c, name, c.Request.URL.Query(), err)
		return
	}
	ctx := c.Request.Context()
	rows, err := s.reportRegistry().Rows(ctx, req)
	if err != nil {
		s.reportError(c, name, c.Request.URL.Query(), err)
		return
	}
	if s.reportRegistry().Large(rows) {
		s.renderLargeReport(c, name, c.Request.URL.Query(), rows)
		return
	}
	doc, err := s.reportRegistry().Build(ctx, req)
	if err != nil {
		s.reportError(c, name, c.Request.URL.Query(), err)
		return
	}
	sendDocument(c, doc.FileName, doc.ContentType, doc.Body)
}

// apiReport is GET /api/v1/reports/<name>: the same report as a file,
// always built in the request; errors are problems with the field.
func (s *Server) apiReport(c *gin.Context) {
	rep, sc, ok := s.reportFor(c)
	if !ok {
		return
	}
	req, err := s.reportRequest(c, rep, sc, c.Request.URL.Query())
	if err != nil {
		s.respondError(c, err)
		return
	}
	doc, err := s.reportRegistry().Build(c.Request.Context(), req)
	if err != nil {
		s.respondError(c, err)
		return
	}
	sendDocument(c, doc.FileName, doc.ContentType, doc.Body)
}

// reportFor is the route's :name report and the scope the user's role has
// on it: an unknown report answers 404, one the role may not download 403.
func (s *Server) reportFor(c *gin.Context) (report.Report, access.Scope, bool) {
	rep, ok := s.reportRegistry().Get(c.Param("name"))
	if !ok {
		s.respondError(c, apperr.New(apperr.NotFound, "report.error.unknown"))
		return rep, access.Scope{}, false
	}
	sc, ok := s.reportScope(c, rep.Name)
	if !ok {
		s.forbidden(c)
		return rep, sc, false
	}
	return rep, sc, true
}

// reportError answers a bad report request: the reports page with the
// errors for invalid input, the error's status page otherwise.
func (s *Server) reportError(c *gin.Context, name string, v url.Values, err error) {
	e := apperr.As(err)
	if e.Code != apperr.Invalid {
		s.respondError(c, err)
		return
	}
	p := s.newPage(c, "report.page.title")
	d, lerr := s.reportsView(c, p)
	if lerr != nil {
		s.fail(c, lerr)
		return
	}
	for i := range d.Reports {
		f := &d.Reports[i]
		if f.Name != name {
			continue
		}
		f.fill(v)
		for _, field := range []string{"programme", "call", "grant", "stage", "format", "lang"} {
			if key, ok := e.Fields[field]; ok {
				f.Errors[field] = p.T(key)
				d.Summary = append(d.Summary, reportError{Href: "#" + name + "-" + field, Text: p.T(key)})
			}
		}
	}
	p.Data = d
	s.render(c, http.StatusUnprocessableEntity, "reports/list", p)
}

// reportsPage is GET /reports: every report the user may download, each a
// form (no JavaScript needed) choosing its subject, format and language.
func (s *Server) reportsPage(c *gin.Context) {
	p := s.newPage(c, "report.page.title")
	d, err := s.reportsView(c, p)
	if err != nil {
		s.fail(c, err)
		return
	}
	p.Data = d
	s.render(c, http.StatusOK, "reports/list", p)
}

// reportsData is the reports page.
type reportsData struct {
	Reports []reportForm
	Summary []reportError // the error summary at the top
}

type reportError struct{ Href, Text string }

// reportForm is one report's form.
type reportForm struct {
	Name, Title, Description string
	Params                   []reportField
	Formats, Langs           []reportOption
	Errors                   map[string]string // field -> message
	Empty                    bool              // nothing to choose: no subject reached
}

type reportField struct {
	Name, Label string
	Options     []reportOption
}

type reportOption struct {
	Value, Label string
	Selected     bool
}

// fill marks the values of a submitted form as selected.
func (f *reportForm) fill(v url.Values) {
	pick := func(opts []reportOption, val string) {
		for i := range opts {
			opts[i].Selected = opts[i].Value == val
		}
	}
	for i := range f.Params {
		pick(f.Params[i].Options, v.Get(f.Params[i].Name))
	}
	if v.Get("format") != "" {
		pick(f.Formats, v.Get("format"))
	}
	if v.Get("lang") != "" {
		pick(f.Langs, v.Get("lang"))
	}
}

// reportsView lists the reports the user's role may download with the
// subjects each one's scope reaches.
func (s *Server) reportsView(c *gin.Context, p *Page) (reportsData, error) {
	var d reportsData
	for _, rep := range s.reportRegistry().List() {
		sc, ok := s.reportScope(c, rep.Name)
		if !ok {
			continue
		}
		subj, err := s.reportRegistry().Subjects(c.Request.Context(), sc)
		if err != nil {
			return d, err
		}
		f := reportForm{Name: rep.Name, Title: p.T(rep.TitleKey()), Description: p.T(rep.DescriptionKey()), Errors: map[string]string{}}
		for _, param := range rep.Needs {
			field := reportField{Name: string(param), Label: p.T("report.field." + string(param))}
			for _, sj := range subj.Of(param) {
				field.Options = append(field.Options, reportOption{Value: strconv.FormatInt(sj.ID, 10), Label: sj.Label})
			}
			f.Empty = f.Empty || len(field.Options) == 0
			f.Params = append(f.Params, field)
			if param == report.Call {
				stage := reportField{Name: "stage", Label: p.T("report.field.stage")}
				for _, st := range []string{"full", "concept"} {
					stage.Options = append(stage.Options, reportOption{Value: st, Label: p.T("evaldoc.stage." + st)})
				}
				f.Params = append(f.Params, stage)
			}
		}
		for _, fm := range rep.Formats {
			f.Formats = append(f.Formats, reportOption{Value: fm, Label: p.T("report.format." + fm)})
		}
		for _, l := range i18n.Langs {
			f.Langs = append(f.Langs, reportOption{Value: string(l), Label: s.cat.T(l, "lang.self"), Selected: l == p.Lang})
		}
		d.Reports = append(d.Reports, f)
	}
	return d, nil
}
