package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/bulk"
)

// bulkItemView is one item of a bulk job as its pages show it.
type bulkItemView struct {
	bulk.Item
	Outcome string // what happened, or the reason it failed, translated
}

// bulkJobData is a bulk job's page: the confirmation while it is a draft,
// the progress while it runs, the result per item when it is done.
type bulkJobData struct {
	Job      bulk.Job
	Draft    bool
	Waiting  bool
	Finished bool
	Effect   string // what will happen to each item, translated
	Note     string // said once: how the checklist is completed for "eligible"
	Items    []bulkItemView
	Self     string
	Back     string // the list the job was prepared from
	ItemPath string // the page of an item, before its id
	ItemTail string // after its id
	Files    string // the download of the files the items made (letters), once done
}

func bulkJobPath(id int64) string { return "/bulk-jobs/" + strconv.FormatInt(id, 10) }

// bulkJobPage is GET /bulk-jobs/:id, for the officer who prepared it only
// (404 to anyone else). While the job waits or runs the page reloads
// itself (meta refresh, no script) with a link first that stops it.
func (s *Server) bulkJobPage(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	p := s.newPage(c, "bulk.job.title")
	newForm(p, "token")
	s.renderBulkJob(c, http.StatusOK, p, id)
}

func (s *Server) renderBulkJob(c *gin.Context, status int, p *Page, id int64) {
	ctx := c.Request.Context()
	j, err := s.bulkStore().Job(ctx, id, requestScope(c))
	if err != nil {
		s.respondError(c, err)
		return
	}
	items, err := s.bulkStore().Items(ctx, j.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := bulkJobData{Job: j, Draft: j.Status == bulk.Draft, Finished: j.Status == bulk.Done, Self: bulkJobPath(j.ID),
		Effect: s.bulkEffect(c, p, j), ItemPath: "/applications/"}
	if j.Kind == bulk.KindScreening {
		d.ItemTail = "/screening"
		if strings.Contains(j.Params, `"eligible":true`) {
			d.Note = p.T("bulk.effect.eligible_points")
		}
	}
	page := j.Kind
	switch j.Kind { // prepared on another kind's page
	case bulk.KindRemind:
		page = bulk.KindAssign
	case bulk.KindAgreements:
		page = bulk.KindLetters
	}
	d.Back = "/calls/" + strconv.FormatInt(j.CallID, 10) + "/bulk/" + page
	if j.Kind == bulk.KindLetters && d.Finished && j.Succeeded > 0 {
		d.Files = d.Self + "/files.zip"
	}
	d.Waiting = !d.Draft && !d.Finished
	if d.Draft {
		p.Title = p.T("bulk.confirm.title")
	}
	if d.Waiting && c.Query("refresh") != "off" {
		p.Refresh = 3
	}
	for _, it := range items {
		v := bulkItemView{Item: it}
		switch it.Status {
		case bulk.ItemDone:
			v.Outcome = p.T("bulk.item.done")
		case bulk.ItemFailed:
			v.Outcome = p.T(it.ErrorKey)
		default:
			v.Outcome = p.T("bulk.item." + it.Status)
		}
		d.Items = append(d.Items, v)
	}
	p.Step("bulk."+page+".title", d.Back)
	p.Data = d
	s.render(c, status, "bulk/job", p)
}

// bulkEffect says in words what the job does to each item.
func (s *Server) bulkEffect(c *gin.Context, p *Page, j bulk.Job) string {
	if j.Kind == bulk.KindLetters || j.Kind == bulk.KindRemind || j.Kind == bulk.KindAgreements {
		return p.T("bulk.effect." + j.Kind)
	}
	if j.Kind == bulk.KindAssign {
		var ap bulk.AssignParams
		if json.Unmarshal([]byte(j.Params), &ap) != nil {
			return ""
		}
		return p.T("bulk.effect.assign", "name", ap.Name)
	}
	var sp bulk.ScreeningParams
	if j.Kind != bulk.KindScreening || json.Unmarshal([]byte(j.Params), &sp) != nil {
		return ""
	}
	if sp.Eligible {
		return p.T("bulk.effect.eligible")
	}
	return p.T("bulk.effect.ineligible", "point", s.bulkPointLabel(c, p.Lang, j.CallID, sp.Point), "reason", sp.Reason)
}

// bulkConfirm is POST /bulk-jobs/:id/confirm: with the job's token the
// job is queued (and, when small, run at once); without it nothing
// happens and the confirmation page says so (422).
func (s *Server) bulkConfirm(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok || !s.parseForm(c) {
		if !ok {
			s.notFound(c)
		}
		return
	}
	ctx := c.Request.Context()
	st := s.bulkStore().WithLog(s.log)
	err := st.Confirm(ctx, id, requestScope(c), c.Request.PostForm.Get("token"))
	if err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			s.respondError(c, err)
			return
		}
		p := s.newPage(c, "bulk.job.title")
		newForm(p, "token").setError(err)
		s.renderBulkJob(c, http.StatusUnprocessableEntity, p, id)
		return
	}
	if j, err := st.Job(ctx, id, requestScope(c)); err == nil && j.Total <= bulk.InlineItems {
		if err := st.Work(ctx, id); err != nil {
			s.log.Error("bulk job inline", "job", id, "error", err.Error())
		}
	}
	c.Redirect(http.StatusSeeOther, bulkJobPath(id))
}
