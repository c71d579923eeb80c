package web

import (
	"archive/zip"
	"bytes"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/bulk"
	"github.com/subgrant/portal/internal/call"
)

// bulkLettersData is the bulk letters page: the call's decided
// applications (awarded, reserve, rejected) with a checkbox each.
type bulkLettersData struct {
	Call     callView
	Rows     []bulkRow
	Pager    pagerView
	Action   string
	Selected int
	// CaptionKey, CountKey and RowTail tune the shared rows (partial bulk_rows).
	CaptionKey, CountKey, RowTail string
}

// bulkLettersPage is GET /calls/:id/bulk/letters.
func (s *Server) bulkLettersPage(c *gin.Context) {
	cl, ok := s.callWithin(c, requestScope(c))
	if !ok {
		return
	}
	p := s.newPage(c, "bulk.letters.title")
	newForm(p, "ids")
	s.renderBulkLetters(c, http.StatusOK, p, cl, nil)
}

func (s *Server) renderBulkLetters(c *gin.Context, status int, p *Page, cl call.Call, checked []int64) {
	d := bulkLettersData{Call: s.viewOf(p, cl, nil), Action: c.Request.URL.RequestURI(), Selected: len(checked),
		CaptionKey: "bulk.letters.caption", CountKey: "bulk.letters.count"}
	total := 0
	for _, st := range []application.Status{application.Awarded, application.Reserve, application.Rejected} {
		pg, err := s.applicationStore().List(c.Request.Context(), application.Filter{CallID: cl.ID, Status: st, Page: 1,
			PerPage: application.MaxPerPage, Sort: "reference"}, requestScope(c))
		if err != nil {
			s.fail(c, err)
			return
		}
		total += pg.Total
		for _, a := range pg.Items {
			d.Rows = append(d.Rows, bulkRow{App: a, Checked: slices.Contains(checked, a.ID)})
		}
	}
	d.Pager = pagerView{Page: 1, Pages: 1, Total: total}
	p.callSteps(cl)
	p.Data = d
	s.render(c, status, "bulk/letters", p)
}

// bulkLettersPost is POST /calls/:id/bulk/letters: select_all, clear,
// export, prepare the letters of the selected applications in the page's
// language, or ("agreements") their draft grant agreements.
func (s *Server) bulkLettersPost(c *gin.Context) {
	cl, ok := s.callWithin(c, requestScope(c))
	if !ok || !s.parseForm(c) {
		return
	}
	ids, ok := bulkIDs(c)
	if !ok {
		s.notFound(c)
		return
	}
	p := s.newPage(c, "bulk.letters.title")
	f := newForm(p, "ids")
	ctx := c.Request.Context()
	targets, ok := s.bulkSelection(c, p, cl, ids, func(status int, checked []int64) { s.renderBulkLetters(c, status, p, cl, checked) })
	if !ok {
		return
	}
	kind, params := bulk.KindLetters, any(bulk.LettersParams{Lang: string(p.Lang)})
	if postValue(c, "action") == "agreements" {
		kind, params = bulk.KindAgreements, struct{}{}
	}
	if !s.bulkMayRun(c, kind) {
		return
	}
	job, err := s.bulkStore().Prepare(ctx, requestScope(c), kind, cl.ID, params, targets)
	if err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			s.respondError(c, err)
			return
		}
		f.setError(err)
		s.renderBulkLetters(c, http.StatusUnprocessableEntity, p, cl, ids)
		return
	}
	c.Redirect(http.StatusSeeOther, bulkJobPath(job.ID))
}

// bulkJobFiles is GET /bulk-jobs/:id/files.zip: the files the job's done
// items made (the letters), for the officer who prepared it only.
func (s *Server) bulkJobFiles(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	files, err := s.bulkStore().Files(c.Request.Context(), id, requestScope(c))
	if err != nil {
		s.respondError(c, err)
		return
	}
	if len(files) == 0 {
		s.notFound(c)
		return
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f.Name)
		if err == nil {
			_, err = w.Write(f.Content)
		}
		if err != nil {
			s.fail(c, err)
			return
		}
	}
	if err := zw.Close(); err != nil {
		s.fail(c, err)
		return
	}
	sendDocument(c, "letters-"+strconv.FormatInt(id, 10)+".zip", "application/zip", buf.Bytes())
}
