package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/subgrant/portal/internal/apperr"
)

// Password length limits. Runes, not bytes, at the low end so a Cyrillic
// password is not favoured or penalised; bytes at the high end to bound the
// work of hashing. Argon2 hashes every byte: nothing is truncated.
const (
	MinPasswordRunes = 10
	MaxPasswordBytes = 1024
)

// Argon2id cost: the OWASP minimum (19 MiB, 2 passes, 1 lane). 64 MiB per
// login would let 20 concurrent logins take over a gigabyte; hashes keep
// their own parameters, so raising these later leaves old hashes valid.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024 // KiB
	argonThreads = 1
	argonSaltLen = 16
	argonKeyLen  = 32
)

// dummyHash has the current parameters and matches no password; checking
// against it makes a login for an unknown email cost as much as a real one.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

var b64 = base64.RawStdEncoding

// HashPassword returns the argon2id hash of pw in PHC string format,
// $argon2id$v=19$m=...,t=...,p=...$salt$hash, with a fresh random salt.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches a hash made by HashPassword,
// comparing in constant time. A malformed hash matches nothing.
func CheckPassword(hash, pw string) bool {
	p, salt, key, ok := parsePHC(hash)
	if !ok {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, p.time, p.memory, p.threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

type argonParams struct {
	memory, time uint32
	threads      uint8
}

// parsePHC reads an argon2id PHC string, refusing parameters so large that
// a tampered row could exhaust the server's memory.
func parsePHC(s string) (p argonParams, salt, key []byte, ok bool) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return p, nil, nil, false
	}
	var threads uint32
	if n, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.memory, &p.time, &threads); err != nil || n != 3 {
		return p, nil, nil, false
	}
	if p.time < 1 || p.time > 16 || threads < 1 || threads > 16 || p.memory < 8*threads || p.memory > 256*1024 {
		return p, nil, nil, false
	}
	p.threads = uint8(threads)
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, false
	}
	key, err = b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 64 {
		return p, nil, nil, false
	}
	return p, salt, key, true
}

// checkPasswordRules adds a field error when pw breaks the length rules.
func checkPasswordRules(fe apperr.FieldErrors, field, pw string) {
	switch {
	case utf8.RuneCountInString(pw) < MinPasswordRunes:
		fe.Add(field, "auth.error.password_short")
	case len(pw) > MaxPasswordBytes:
		fe.Add(field, "auth.error.password_long")
	}
}
