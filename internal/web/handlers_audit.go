package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/i18n"
)

const auditPerPage = 50

type auditRowView struct {
	ID                      int64
	At, Actor, Role         string
	Action, Code, RequestID string
	Known                   bool
	Summary                 string
	Hash, Short             string
}

type auditPageData struct {
	Object, ObjectLabel string
	ObjectID            int64
	Rows                []auditRowView
	Pager               pagerView
}

// auditPage lists one object's audit rows, newest first.
func (s *Server) auditPage(c *gin.Context) {
	object := c.Param("object")
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		s.notFound(c)
		return
	}
	page, _ := strconv.Atoi(c.Query("page"))
	pg, err := audit.ForObject(c.Request.Context(), s.db, requestScope(c), object, id, page, auditPerPage)
	if err != nil {
		s.respondError(c, err)
		return
	}
	p := s.newPage(c, "audit.title")
	s.auditSteps(c, p, object, id)
	d := auditPageData{Object: object, ObjectID: id, ObjectLabel: p.T("audit.object." + object)}
	for _, r := range pg.Items {
		d.Rows = append(d.Rows, s.auditRow(p, r))
	}
	d.Pager = pagerOf(c, application.Page{Total: pg.Total, Page: pg.Page, PerPage: pg.PerPage})
	p.Data = d
	s.render(c, http.StatusOK, "audit/object", p)
}

func (s *Server) auditRow(p *Page, r audit.Listed) auditRowView {
	v := auditRowView{ID: r.ID, At: i18n.DateTime(p.Lang, r.At, time.UTC) + " UTC", Actor: r.ActorName,
		Code: r.Action, RequestID: r.RequestID, Hash: r.Hash, Short: r.Hash[:min(12, len(r.Hash))]}
	if r.ActorID == nil {
		v.Actor = p.T("audit.system")
	}
	if r.ActorRole != "" {
		v.Role = p.T("auth.role." + r.ActorRole)
	}
	key := "audit.action." + r.Action
	v.Known = p.cat.Has(key)
	v.Action = p.T("audit.action.other")
	if v.Known {
		v.Action = p.T(key)
	}
	v.Summary = auditSummary(p, r.Payload)
	return v
}

// auditSummary shows a payload as "key: value" pairs, a status change as
// "from → to" with the statuses translated.
func auditSummary(p *Page, payload string) string {
	var m map[string]any
	if json.Unmarshal([]byte(payload), &m) != nil || len(m) == 0 {
		return ""
	}
	from, okf := m["from"].(string)
	to, okt := m["to"].(string)
	if okf && okt && len(m) == 2 {
		return statusWord(p, from) + " → " + statusWord(p, to)
	}
	b, _ := json.Marshal(m) // keys sorted
	return strings.Trim(string(b), "{}")
}

func statusWord(p *Page, st string) string {
	if k := "applications.status." + st; p.cat.Has(k) {
		return p.T(k)
	}
	return st
}
