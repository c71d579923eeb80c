package main

import (
	"context"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/auth"
)

// portal user reset-2fa removes a user's second factor.
func TestUserResetTwoFactor(t *testing.T) {
	path := isolate(t)
	if r := portal(t, "", "migrate"); r.code != 0 {
		t.Fatalf("migrate: %s", r)
	}
	store := openStore(t, path)
	ctx := context.Background()
	u, err := store.CreateUser(ctx, auth.NewUser{Email: "last-admin@test.example", Name: "Admin", Role: auth.Admin, Password: "a-long-enough-password"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.BeginTOTP(ctx, u.ID, "test"); err != nil {
		t.Fatal(err)
	}
	if r := portal(t, "", "user", "reset-2fa", "--email", "nobody@test.example"); r.code == 0 {
		t.Errorf("unknown user: %s", r)
	}
	r := portal(t, "", "user", "reset-2fa", "--email", "Last-Admin@test.example")
	if r.code != 0 || !strings.Contains(r.out, "reset two-factor") {
		t.Fatalf("reset-2fa: %s", r)
	}
	if _, err := store.EnrolmentOf(ctx, u.ID, "test"); err == nil {
		t.Error("the second factor is still there")
	}
}
