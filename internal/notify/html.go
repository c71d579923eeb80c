package notify

import (
	"html"
	"strings"
)

// htmlBody is the HTML alternative of a plain-text mail: every character
// escaped, blank-line separated blocks as paragraphs, single line breaks
// kept, and only links into the portal itself (baseURL followed by a path,
// a query or nothing) made clickable, so that a text someone typed into a
// form cannot become a link to somewhere else.
func htmlBody(subject, body, lang, baseURL string) string {
	var b strings.Builder
	b.WriteString("<!doctype html>\n<html")
	if lang = langTag(lang); lang != "" {
		b.WriteString(` lang="` + lang + `"`)
	}
	b.WriteString(">\n<head><meta charset=\"utf-8\"><title>")
	b.WriteString(html.EscapeString(oneLine(subject)))
	b.WriteString("</title></head>\n<body>\n")
	body = strings.ReplaceAll(body, "\r\n", "\n")
	for _, para := range strings.Split(body, "\n\n") {
		para = strings.Trim(para, "\n")
		if strings.TrimSpace(para) == "" {
			continue
		}
		b.WriteString("<p>")
		for i, line := range strings.Split(para, "\n") {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			b.WriteString(linkify(line, baseURL))
		}
		b.WriteString("</p>\n")
	}
	b.WriteString("</body>\n</html>\n")
	return b.String()
}

// linkify escapes line and turns each occurrence of a portal URL into a link.
func linkify(line, baseURL string) string {
	base := strings.TrimRight(baseURL, "/")
	if !strings.HasPrefix(base, "https://") && !strings.HasPrefix(base, "http://") {
		return html.EscapeString(line)
	}
	var b strings.Builder
	for {
		i := strings.Index(line, base)
		if i < 0 {
			break
		}
		end := i + len(base)
		for end < len(line) && !isURLEnd(line[end]) {
			end++
		}
		u := strings.TrimRight(line[i:end], ".,;:!?)'\"")
		rest := u[len(base):]
		ownURL := rest == "" || rest[0] == '/' || rest[0] == '?' || rest[0] == '#'
		startsWord := i == 0 || isURLEnd(line[i-1]) || line[i-1] == '('
		if !ownURL || !startsWord {
			b.WriteString(html.EscapeString(line[:i+len(base)]))
			line = line[i+len(base):]
			continue
		}
		b.WriteString(html.EscapeString(line[:i]))
		e := html.EscapeString(u)
		b.WriteString(`<a href="` + e + `">` + e + `</a>`)
		line = line[i+len(u):]
	}
	b.WriteString(html.EscapeString(line))
	return b.String()
}

// isURLEnd reports a byte that ends a URL in running text.
func isURLEnd(c byte) bool {
	return c == ' ' || c == '\t' || c == '<' || c == '>' || c == '"'
}
