package application

import (
	"context"
	"fmt"
	"strings"

	"github.com/subgrant/portal/internal/access"
)

// Filter narrows a list of applications. Zero values filter nothing.
type Filter struct {
	CallID       int64
	LotID        int64
	Status       Status
	Municipality string
	TargetGroup  string
	Query        string // in the title, the organisation's name or the reference
	Sort         string // a key of sortColumns, "-" in front for descending
	Page         int    // 1-based
	PerPage      int
}

// Sorts lists the sort keys a list accepts.
var Sorts = []string{"created", "submitted", "reference", "title", "organisation", "requested", "status"}

// sortColumns is the allow-list that turns a sort key into SQL.
var sortColumns = map[string]string{
	"created": "a.created_at", "submitted": "a.submitted_at", "reference": "a.reference", "title": "a.title",
	"organisation": "o.name", "requested": "a.requested_minor", "status": "a.status",
}

// Page is one page of a list with the total number of matching rows.
type Page struct {
	Items   []Application
	Total   int
	Page    int
	PerPage int
}

// MaxPerPage bounds a page.
const MaxPerPage = 200

// List returns the applications of the scope that match f, without their
// sections, one page at a time.
func (s *Store) List(ctx context.Context, f Filter, sc access.Scope) (Page, error) {
	if f.Page < 1 {
		f.Page = 1
	}
	if f.PerPage < 1 || f.PerPage > MaxPerPage {
		f.PerPage = 50
	}
	where, args := sc.Applications("a")
	add := func(cond string, v any) {
		where += " AND " + cond
		args = append(args, v)
	}
	if f.CallID != 0 {
		add("a.call_id = ?", f.CallID)
	}
	if f.LotID != 0 {
		add("a.lot_id = ?", f.LotID)
	}
	if f.Status != "" {
		add("a.status = ?", string(f.Status))
	}
	if f.Municipality != "" {
		add("EXISTS (SELECT 1 FROM application_municipalities am WHERE am.application_id = a.id AND am.municipality = ?)", f.Municipality)
	}
	if f.TargetGroup != "" {
		add("EXISTS (SELECT 1 FROM application_target_groups ag WHERE ag.application_id = a.id AND ag.target_group = ?)", f.TargetGroup)
	}
	if q := strings.ToLower(strings.TrimSpace(f.Query)); q != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(q) + "%"
		where += ` AND (LOWER(a.title) LIKE ? ESCAPE '\' OR LOWER(o.name) LIKE ? ESCAPE '\' OR LOWER(COALESCE(a.reference, '')) LIKE ? ESCAPE '\')`
		args = append(args, like, like, like)
	}
	out := Page{Items: []Application{}, Page: f.Page, PerPage: f.PerPage}
	if err := s.DB.GetContext(ctx, &out.Total, s.DB.Rebind(`SELECT COUNT(*)`+from+` WHERE `+where), args...); err != nil {
		return out, fmt.Errorf("count applications: %w", err)
	}
	q := `SELECT ` + cols + from + ` WHERE ` + where + ` ORDER BY ` + orderBy(f.Sort) + ` LIMIT ? OFFSET ?`
	if err := s.DB.SelectContext(ctx, &out.Items, s.DB.Rebind(q), append(args, f.PerPage, (f.Page-1)*f.PerPage)...); err != nil {
		return out, fmt.Errorf("list applications: %w", err)
	}
	for i := range out.Items {
		utc(&out.Items[i])
	}
	return out, nil
}

// orderBy turns a sort key into an ORDER BY clause from the allow-list;
// anything else sorts newest first. The id breaks ties so pages are stable.
func orderBy(key string) string {
	dir := "ASC"
	if k, ok := strings.CutPrefix(key, "-"); ok {
		key, dir = k, "DESC"
	}
	col, ok := sortColumns[key]
	if !ok {
		return "a.created_at DESC, a.id DESC"
	}
	return col + " " + dir + ", a.id " + dir
}

// ValidSort reports whether key (with an optional "-") is in the allow-list.
func ValidSort(key string) bool {
	_, ok := sortColumns[strings.TrimPrefix(key, "-")]
	return ok || key == ""
}

// DraftCount is how many drafts, not yet submitted, call callID holds
// among those the scope would reach: staff and donor officers learn the
// number, never the drafts (see access.Scope.DraftCount).
func (s *Store) DraftCount(ctx context.Context, callID int64, sc access.Scope) (int, error) {
	cond, args := sc.DraftCount("a")
	var n int
	err := s.DB.GetContext(ctx, &n, s.DB.Rebind(`SELECT COUNT(*) FROM applications a WHERE a.call_id = ? AND `+cond),
		append([]any{callID}, args...)...)
	if err != nil {
		return 0, fmt.Errorf("count drafts: %w", err)
	}
	return n, nil
}
