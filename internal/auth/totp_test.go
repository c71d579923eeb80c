package auth

import (
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

func codeAt(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCodeCustom(secret, at, totpOpts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Enrolment: a wrong code does not confirm, the right one does and gives
// ten recovery codes; a code is accepted once, within one step of skew.
func TestTOTPEnrolAndCheck(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, clk := newTestStore(d)
		u := mkUser(t, s, "po@example.org", ProgramOfficer)
		e, err := s.BeginTOTP(ctx, u.ID, "Portal")
		if err != nil || len(e.Secret) < 16 || e.URI == "" {
			t.Fatalf("BeginTOTP = %+v, %v", e, err)
		}
		if again, _ := s.BeginTOTP(ctx, u.ID, "Portal"); again.Secret != e.Secret {
			t.Error("a second BeginTOTP changed the unconfirmed secret")
		}
		wrong := codeAt(t, e.Secret, clk.Now().Add(-5*time.Minute))
		_, err = s.ConfirmTOTP(ctx, u.ID, wrong)
		wantField(t, err, "code", "twofactor.error.code_wrong")
		_, err = s.ConfirmTOTP(ctx, u.ID, "12a456")
		wantField(t, err, "code", "twofactor.error.code_format")
		if tf, _ := s.TwoFactorOf(ctx, u.ID); tf.Enrolled {
			t.Fatal("enrolled after a wrong code")
		}
		codes, err := s.ConfirmTOTP(ctx, u.ID, codeAt(t, e.Secret, clk.Now()))
		if err != nil || len(codes) != RecoveryCodeCount {
			t.Fatalf("ConfirmTOTP = %d codes, %v", len(codes), err)
		}
		if tf, _ := s.TwoFactorOf(ctx, u.ID); !tf.Enrolled || tf.RecoveryLeft != 10 {
			t.Fatalf("TwoFactorOf = %+v", tf)
		}
		_, err = s.BeginTOTP(ctx, u.ID, "Portal")
		wantErr(t, err, apperr.Conflict, "twofactor.error.already_enrolled")

		// The code that confirmed enrolment is spent.
		wantField(t, s.CheckTOTP(ctx, u.ID, codeAt(t, e.Secret, clk.Now())), "code", "twofactor.error.code_used")
		clk.Advance(30 * time.Second)
		next := codeAt(t, e.Secret, clk.Now().Add(30*time.Second)) // the phone runs one step ahead
		if err := s.CheckTOTP(ctx, u.ID, next); err != nil {
			t.Fatalf("code one step ahead: %v", err)
		}
		wantField(t, s.CheckTOTP(ctx, u.ID, next), "code", "twofactor.error.code_used")
		clk.Advance(2 * time.Minute)
		wantField(t, s.CheckTOTP(ctx, u.ID, next), "code", "twofactor.error.code_wrong")
		wantField(t, s.CheckTOTP(ctx, u.ID, "12345"), "code", "twofactor.error.code_format")
	})
}

// Two parallel uses of one code, or of one recovery code: exactly one wins.
func TestTOTPParallelReplay(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, clk := newTestStore(d)
		u := mkUser(t, s, "fo@example.org", FinanceOfficer)
		e, _ := s.BeginTOTP(ctx, u.ID, "Portal")
		codes, err := s.ConfirmTOTP(ctx, u.ID, codeAt(t, e.Secret, clk.Now()))
		if err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Minute)
		code := codeAt(t, e.Secret, clk.Now())
		for name, use := range map[string]func() error{
			"totp":     func() error { return s.CheckTOTP(ctx, u.ID, code) },
			"recovery": func() error { return s.UseRecoveryCode(ctx, u.ID, codes[3]) },
		} {
			var wg sync.WaitGroup
			var mu sync.Mutex
			ok := 0
			start := make(chan struct{})
			for i := 0; i < 20; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					err := use()
					mu.Lock()
					defer mu.Unlock()
					if err == nil {
						ok++
					} else if !apperr.Is(err, apperr.Invalid) {
						t.Errorf("%s: %v", name, err)
					}
				}()
			}
			close(start)
			wg.Wait()
			if ok != 1 {
				t.Errorf("%s: %d of 20 parallel uses accepted, want 1", name, ok)
			}
		}
		if tf, _ := s.TwoFactorOf(ctx, u.ID); tf.RecoveryLeft != 9 {
			t.Errorf("recovery codes left = %d, want 9", tf.RecoveryLeft)
		}
	})
}

// Recovery codes are single use, typed in any case and with or without
// dashes; new codes replace the old; removal forgets everything.
func TestRecoveryCodesAndRemoval(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, clk := newTestStore(d)
		u := mkUser(t, s, "ad@example.org", Admin)
		e, _ := s.BeginTOTP(ctx, u.ID, "Portal")
		codes, err := s.ConfirmTOTP(ctx, u.ID, codeAt(t, e.Secret, clk.Now()))
		if err != nil {
			t.Fatal(err)
		}
		if got := count(t, d, `SELECT COUNT(*) FROM recovery_codes WHERE code_hash = ?`, codes[0]); got != 0 {
			t.Error("a recovery code is stored in clear")
		}
		typed := " " + codes[0][:5] + codes[0][6:11] + codes[0][12:] + " "
		if err := s.UseRecoveryCode(ctx, u.ID, typed); err != nil {
			t.Fatalf("recovery code without dashes: %v", err)
		}
		wantField(t, s.UseRecoveryCode(ctx, u.ID, codes[0]), "code", "twofactor.error.recovery_wrong")
		wantField(t, s.UseRecoveryCode(ctx, u.ID, "not-a-code"), "code", "twofactor.error.code_format")
		fresh, err := s.NewRecoveryCodes(ctx, u.ID)
		if err != nil || len(fresh) != 10 {
			t.Fatalf("NewRecoveryCodes: %d, %v", len(fresh), err)
		}
		wantField(t, s.UseRecoveryCode(ctx, u.ID, codes[1]), "code", "twofactor.error.recovery_wrong")
		if err := s.RemoveTwoFactor(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if tf, _ := s.TwoFactorOf(ctx, u.ID); tf.Enrolled || tf.RecoveryLeft != 0 {
			t.Errorf("after removal: %+v", tf)
		}
		if e2, err := s.BeginTOTP(ctx, u.ID, "Portal"); err != nil || e2.Secret == e.Secret {
			t.Errorf("enrolment after removal: %v, same secret %v", err, e2.Secret == e.Secret)
		}
	})
}

// A pending sign-in lives five minutes.
func TestPendingLogin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, clk := newTestStore(d)
		u := mkUser(t, s, "pl@example.org", Admin)
		tok, err := s.CreatePendingLogin(ctx, u.ID, "/admin/users")
		if err != nil {
			t.Fatal(err)
		}
		if p, err := s.PendingLoginOf(ctx, tok); err != nil || p.User.ID != u.ID || p.Next != "/admin/users" {
			t.Fatalf("PendingLoginOf = %+v, %v", p, err)
		}
		clk.Advance(5*time.Minute + time.Second)
		_, err = s.PendingLoginOf(ctx, tok)
		wantErr(t, err, apperr.Unauthorized, "twofactor.error.pending_expired")
		_, err = s.PendingLoginOf(ctx, "short")
		wantErr(t, err, apperr.Unauthorized, "twofactor.error.pending_expired")
	})
}
