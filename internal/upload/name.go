package upload

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxDisplayRunes bounds a sanitised display name.
const MaxDisplayRunes = 120

// SanitizeName turns a file name as sent by a browser into a display name:
// the last path element only, no control or reserved characters, no leading
// dots, at most MaxDisplayRunes, never empty. It is never used as a path.
func SanitizeName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.ToValidUTF8(name, "")
	var b strings.Builder
	for _, r := range name {
		switch {
		case unicode.IsControl(r), r == unicode.ReplacementChar:
		case strings.ContainsRune(`<>:"|?*`, r):
			b.WriteRune('_')
		default:
			b.WriteRune(r)
		}
	}
	out := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(b.String()), "."))
	if utf8.RuneCountInString(out) > MaxDisplayRunes {
		ext := ""
		if i := strings.LastIndexByte(out, '.'); i > 0 && len(out)-i <= 6 {
			ext = out[i:]
		}
		out = string([]rune(out)[:MaxDisplayRunes-utf8.RuneCountInString(ext)]) + ext
	}
	if out == "" {
		return "document"
	}
	return out
}

// ContentDisposition is an attachment header for a display name: an ASCII
// fallback in filename and the exact name in filename* (RFC 6266, RFC 5987).
func ContentDisposition(name string) string {
	name = SanitizeName(name)
	var ascii strings.Builder
	for _, r := range name {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._- ()", r)) {
			ascii.WriteRune(r)
		} else {
			ascii.WriteRune('_')
		}
	}
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii.String(), rfc5987(name))
}

// rfc5987 percent-encodes everything but attr-char.
func rfc5987(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
