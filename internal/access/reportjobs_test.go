package access_test

import (
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/access"
)

// A report job is the requester's and its scope's: the same role,
// relation and organisations share it, others do not.
func TestReportJobsScope(t *testing.T) {
	a := access.For(access.Principal{UserID: 1, Role: "applicant", OrgIDs: []int64{7, 3}}, access.OwnOrg)
	same := access.For(access.Principal{UserID: 2, Role: "applicant", OrgIDs: []int64{3, 7}}, access.OwnOrg)
	other := access.For(access.Principal{UserID: 3, Role: "applicant", OrgIDs: []int64{3}}, access.OwnOrg)
	if a.Key() != same.Key() || a.Key() == other.Key() {
		t.Errorf("keys %q %q %q", a.Key(), same.Key(), other.Key())
	}
	if got := access.Restore(a.Store()); got.Key() != a.Key() {
		t.Errorf("restored %q, want %q", got.Key(), a.Key())
	}
	if c, _ := (access.Scope{}).ReportJobs("j"); c != "1 = 0" {
		t.Errorf("zero scope reaches %q", c)
	}
	if c, args := a.ReportJobs("j"); !strings.Contains(c, "j.requested_by = ?") || len(args) != 2 {
		t.Errorf("condition %q %v", c, args)
	}
}
