package access

import (
	"slices"
	"strconv"
	"strings"
)

// Key names the rows a scope reaches: the role, the relation and the
// organisations. Two requests with the same key read the same rows, so a
// report built for one may be handed to the other.
func (s Scope) Key() string {
	ids := slices.Clone(s.p.OrgIDs)
	slices.Sort(ids)
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	public := ""
	if s.public {
		public = "|public"
	}
	return s.p.Role + "|" + string(s.rel) + "|" + strings.Join(parts, ",") + public
}

// Stored is what a background job keeps of a scope to rebuild it later.
type Stored struct {
	UserID   int64
	Role     string
	Relation Relation
	OrgIDs   []int64
}

// Store is the scope as a job keeps it; Restore gives it back.
func (s Scope) Store() Stored {
	return Stored{UserID: s.p.UserID, Role: s.p.Role, Relation: s.rel, OrgIDs: slices.Clone(s.p.OrgIDs)}
}

// Restore is the scope a job was requested under (never the public one).
func Restore(st Stored) Scope {
	return For(Principal{UserID: st.UserID, Role: st.Role, OrgIDs: st.OrgIDs}, st.Relation)
}

// ReportJobs is the condition on alias j (report_jobs) for the background
// reports the scope may follow and fetch: those its user asked for and
// those asked under the same scope (same role, relation and organisations,
// hence the same rows). A scope granted nothing reaches none.
func (s Scope) ReportJobs(j string) (string, []any) {
	if s.row() == "" || s.p.UserID == 0 {
		return none, nil
	}
	return "(" + j + ".requested_by = ? OR " + j + ".scope_key = ?)", []any{s.p.UserID, s.Key()}
}
