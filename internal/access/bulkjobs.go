package access

// BulkJobs is the condition on alias j (bulk_jobs) for the bulk actions the
// scope may confirm and follow: only those its own user prepared. A bulk
// action changes rows in its requester's name, so nobody else may confirm
// it, and its result names items only its requester chose.
func (s Scope) BulkJobs(j string) (string, []any) {
	if s.row() == "" || s.p.UserID == 0 {
		return none, nil
	}
	return j + ".requested_by = ?", []any{s.p.UserID}
}
