package main

import (
	"context"
	"fmt"

	"github.com/subgrant/portal/internal/auth"
)

// runUserResetTwoFactor removes a user's second factor from the command
// line: the way back in when the last admin has lost both phone and
// recovery codes.
func runUserResetTwoFactor(ctx context.Context, cio cmdIO, args []string) error {
	fs, f := newFlags(cio, "user reset-2fa --email E", "Remove a user's second factor (authenticator and recovery codes).")
	email := fs.String("email", "", "the user's e-mail address")
	if err := fs.Parse(args); err != nil {
		return err
	}
	_, d, err := openDB(ctx, fs, f)
	if err != nil {
		return err
	}
	defer d.Close()
	store := auth.NewStore(d)
	u, err := store.UserByEmail(ctx, *email)
	if err != nil {
		return fmt.Errorf("--email %q: no such user", *email)
	}
	if err := store.RemoveTwoFactor(ctx, u.ID); err != nil {
		return err
	}
	fmt.Fprintf(cio.out, "reset two-factor sign-in of user %d %s\n", u.ID, u.Email)
	return nil
}
