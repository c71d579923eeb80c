package call_test

import (
	"testing"
	"time"

	"github.com/subgrant/portal/internal/call"
)

// The deadline's own instant is late: on time means strictly before it,
// whatever zone the moment is written in.
func TestDeadlinePassedAtTheBoundary(t *testing.T) {
	closes := time.Date(2026, 6, 30, 14, 0, 0, 0, time.UTC) // 16:00 in Belgrade (CEST)
	opens := closes.Add(-30 * 24 * time.Hour)
	c := call.Call{State: "published", TimeZone: "Europe/Belgrade", OpensAt: &opens, ClosesAt: &closes}
	belgrade, err := time.LoadLocation("Europe/Belgrade")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		at     time.Time
		passed bool
	}{
		{"a nanosecond before", closes.Add(-time.Nanosecond), false},
		{"exactly at the deadline", closes, true},
		{"a nanosecond after", closes.Add(time.Nanosecond), true},
		{"at the deadline written in the call's zone", time.Date(2026, 6, 30, 16, 0, 0, 0, belgrade), true},
		{"a nanosecond before, in the call's zone", time.Date(2026, 6, 30, 15, 59, 59, 999999999, belgrade), false},
	} {
		if got := c.DeadlinePassed(tc.at); got != tc.passed {
			t.Errorf("%s: DeadlinePassed = %v, want %v", tc.name, got, tc.passed)
		}
		want := call.Open
		if tc.passed {
			want = call.Closed
		}
		if got := c.StatusAt(tc.at); got != want {
			t.Errorf("%s: StatusAt = %s, want %s", tc.name, got, want)
		}
	}
	if (call.Call{}).DeadlinePassed(closes) {
		t.Error("a call without a deadline has it passed")
	}
}
