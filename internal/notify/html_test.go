package notify

import (
	"strings"
	"testing"
)

func TestHTMLBodyEscapesAndLinksOnlyThePortal(t *testing.T) {
	const base = "https://portal.example.org"
	body := "Hello <b>Drita</b> & co,\n\nOpen https://portal.example.org/applications/7?tab=a&x=1.\n" +
		"Not https://evil.example.com/x nor https://portal.example.org.evil.com/y nor xhttps://portal.example.org/z\n\n\n" +
		"<script>alert(1)</script>"
	got := htmlBody("Subject <i>", body, "sq", base)
	for _, want := range []string{
		`<html lang="sq">`,
		`<title>Subject &lt;i&gt;</title>`,
		`<p>Hello &lt;b&gt;Drita&lt;/b&gt; &amp; co,</p>`,
		`Open <a href="https://portal.example.org/applications/7?tab=a&amp;x=1">https://portal.example.org/applications/7?tab=a&amp;x=1</a>.<br>`,
		`Not https://evil.example.com/x nor https://portal.example.org.evil.com/y nor xhttps://portal.example.org/z</p>`,
		`<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("HTML lacks %q:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "<a "); n != 1 {
		t.Errorf("%d links, want only the portal's one:\n%s", n, got)
	}
	if strings.Contains(got, "<script>") || strings.Contains(got, "<b>") {
		t.Errorf("unescaped markup:\n%s", got)
	}
	// Without a base URL nothing is a link; a bad language is left out.
	plain := htmlBody("S", body, `sq" onload="x`, "")
	if strings.Contains(plain, "<a ") || strings.Contains(plain, "onload") {
		t.Errorf("no base URL or a bad language still made markup:\n%s", plain)
	}
}
