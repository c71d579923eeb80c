package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/report"
)

// largeReportData is the page offering to build a large report in the
// background: the request's values go back as hidden fields.
type largeReportData struct {
	Name, Title, Text string
	Hidden            []reportOption // name (Value) and value (Label) of each hidden field
}

func (s *Server) renderLargeReport(c *gin.Context, name string, v url.Values, rows int) {
	p := s.newPage(c, "report.large.title")
	p.Step("report.nav", "/reports")
	rep, _ := s.reportRegistry().Get(name)
	d := largeReportData{Name: name, Title: p.T(rep.TitleKey()), Text: p.N("report.large.text", rows)}
	for _, k := range []string{"programme", "call", "stage", "grant", "format", "lang"} {
		if v.Get(k) != "" {
			d.Hidden = append(d.Hidden, reportOption{Value: k, Label: v.Get(k)})
		}
	}
	p.Data = d
	s.render(c, http.StatusOK, "reports/large", p)
}

// reportEnqueue is POST /reports/<name>/jobs: the report is queued for the
// worker and the user follows it on the job's page.
func (s *Server) reportEnqueue(c *gin.Context) {
	rep, sc, ok := s.reportFor(c)
	if !ok {
		return
	}
	name := rep.Name
	if !s.parseForm(c) {
		return
	}
	req, err := s.reportRequest(c, rep, sc, c.Request.PostForm)
	if err != nil {
		s.reportError(c, name, c.Request.PostForm, err)
		return
	}
	id, err := s.reportRegistry().Enqueue(c.Request.Context(), req)
	if err != nil {
		s.reportError(c, name, c.Request.PostForm, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/report-jobs/"+strconv.FormatInt(id, 10))
}

// reportJobData is a job's page.
type reportJobData struct {
	Job         report.Job
	Title       string
	Status      string
	Percent     int
	Requested   string
	Done        bool
	Failed      string // the reason, translated
	DownloadURL string
	Self        string // the page's own address
	Waiting     bool   // queued or running
}

// reportJobPage is GET /report-jobs/:id: the job's state with a progress
// bar. Until it ends the page reloads itself (meta refresh, no script),
// with a link first thing that stops it (?refresh=off, WCAG 2.2.1) and
// leaves a link to reload by hand.
func (s *Server) reportJobPage(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	j, err := s.reportRegistry().Job(c.Request.Context(), id, requestScope(c))
	if err != nil {
		s.respondError(c, err)
		return
	}
	p := s.newPage(c, "report.job.title")
	p.Step("report.nav", "/reports")
	rep, _ := s.reportRegistry().Get(j.Name)
	d := reportJobData{Job: j, Title: p.T(rep.TitleKey()), Status: p.T("report.job.status." + j.Status), Percent: j.Percent(),
		Requested: p.Date(j.CreatedAt), Done: j.Status == report.JobDone, Self: "/report-jobs/" + strconv.FormatInt(j.ID, 10)}
	switch j.Status {
	case report.JobDone:
		d.DownloadURL = "/report-jobs/" + strconv.FormatInt(j.ID, 10) + "/file"
	case report.JobFailed:
		d.Failed = p.T("report.job.failed")
	default:
		d.Waiting = true
		if c.Query("refresh") != "off" {
			p.Refresh = 5
		}
	}
	p.Data = d
	s.render(c, http.StatusOK, "reports/job", p)
}

// reportJobFile is GET /reports/jobs/:id/file: the finished file.
func (s *Server) reportJobFile(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	doc, err := s.reportRegistry().JobFile(c.Request.Context(), id, requestScope(c))
	if err != nil {
		s.respondError(c, err)
		return
	}
	sendDocument(c, doc.FileName, doc.ContentType, doc.Body)
}
