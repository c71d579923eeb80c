package auth

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/subgrant/portal/internal/apperr"
)

func TestHashPasswordRoundTrip(t *testing.T) {
	// 64 Cyrillic letters: 128 bytes, beyond bcrypt's 72-byte cut.
	pw := strings.Repeat("пароль", 10) + "шифр"
	if n := utf8.RuneCountInString(pw); n != 64 {
		t.Fatalf("test password has %d runes, want 64", n)
	}
	h, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	wantPrefix := fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$", argonMemory, argonTime, argonThreads)
	if !strings.HasPrefix(h, wantPrefix) {
		t.Errorf("hash %q does not start with %q", h, wantPrefix)
	}
	if !CheckPassword(h, pw) {
		t.Error("CheckPassword(hash, pw) = false, want true")
	}
	changed := strings.TrimSuffix(pw, "р") + "п"
	if CheckPassword(h, changed) {
		t.Error("password with its last character changed matches: it was truncated")
	}
	h2, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if h2 == h {
		t.Error("two hashes of one password are equal: salt is not random")
	}
}

func TestCheckPasswordMalformed(t *testing.T) {
	for _, h := range []string{
		"",
		"plain",
		"$2a$10$abcdefghijklmnopqrstuv",
		"$argon2i$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"$argon2id$v=19$m=4194304,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"$argon2id$v=19$m=19456,t=2,p=1$!!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	} {
		if CheckPassword(h, "whatever-password") {
			t.Errorf("CheckPassword(%q) = true, want false", h)
		}
	}
}

// The dummy hash must cost what a real one costs, or timing tells which
// emails exist.
func TestDummyHashHasCurrentParams(t *testing.T) {
	p, salt, key, ok := parsePHC(dummyHash)
	if !ok {
		t.Fatal("dummyHash does not parse")
	}
	want := argonParams{memory: argonMemory, time: argonTime, threads: argonThreads}
	if p != want || len(salt) != argonSaltLen || len(key) != argonKeyLen {
		t.Errorf("dummyHash params %+v salt %d key %d; want %+v salt %d key %d",
			p, len(salt), len(key), want, argonSaltLen, argonKeyLen)
	}
}

func TestPasswordRules(t *testing.T) {
	tests := []struct {
		pw   string
		want string
	}{
		{"short", "auth.error.password_short"},
		{"123456789", "auth.error.password_short"},
		{"1234567890", ""},
		{"ёжиками10", "auth.error.password_short"}, // 9 runes, 16 bytes
		{"ёжиками100", ""},
		{strings.Repeat("a", MaxPasswordBytes), ""},
		{strings.Repeat("a", MaxPasswordBytes+1), "auth.error.password_long"},
		{strings.Repeat("ж", 513), "auth.error.password_long"}, // 1026 bytes
	}
	for _, tt := range tests {
		fe := apperr.FieldErrors{}
		checkPasswordRules(fe, "password", tt.pw)
		if got := fe["password"]; got != tt.want {
			t.Errorf("rules(%.20q) = %q, want %q", tt.pw, got, tt.want)
		}
	}
}
