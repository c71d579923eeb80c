package notify

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"strings"
)

const (
	textType = "text/plain; charset=utf-8"
	htmlType = "text/html; charset=utf-8"
)

// writeQP writes s as quoted-printable with CRLF line ends.
func writeQP(w io.Writer, s string) {
	qp := quotedprintable.NewWriter(w)
	_, _ = qp.Write([]byte(strings.ReplaceAll(s, "\r\n", "\n")))
	_ = qp.Close()
}

// writeAlternative writes the body as multipart/alternative, the plain text
// first and the HTML built from it second (clients show the last part they
// can), and returns its Content-Type.
func writeAlternative(b *bytes.Buffer, m Message, baseURL string) string {
	mw := multipart.NewWriter(b)
	text, _ := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {textType},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	writeQP(text, m.Body)
	html, _ := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {htmlType},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	writeQP(html, htmlBody(m.Subject, m.Body, m.Lang, baseURL))
	_ = mw.Close()
	return mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": mw.Boundary()})
}

// writeMixed writes the alternative text and HTML and then the attachment
// as multipart/mixed and returns the message's Content-Type. The file name
// goes in Content-Disposition as RFC 2231 (filename*=utf-8 and
// percent-encoding) when it is not plain ASCII, and in Content-Type's name
// as an RFC 2047 encoded word for older clients that read only that.
func writeMixed(b *bytes.Buffer, m Message, baseURL string) string {
	mw := multipart.NewWriter(b)
	var alt bytes.Buffer
	altType := writeAlternative(&alt, m, baseURL)
	body, _ := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {altType}})
	_, _ = body.Write(alt.Bytes())
	typ := m.AttachmentType
	if typ == "" {
		typ = "application/octet-stream"
	}
	ct := mime.FormatMediaType(typ, map[string]string{"name": mime.QEncoding.Encode("utf-8", m.AttachmentName)})
	cd := mime.FormatMediaType("attachment", map[string]string{"filename": m.AttachmentName})
	if ct == "" {
		ct = "application/octet-stream"
	}
	if cd == "" {
		cd = "attachment"
	}
	part, _ := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {ct},
		"Content-Disposition":       {cd},
		"Content-Transfer-Encoding": {"base64"},
	})
	writeBase64(part, m.Attachment)
	_ = mw.Close()
	return mime.FormatMediaType("multipart/mixed", map[string]string{"boundary": mw.Boundary()})
}

// writeBase64 writes data in base64 lines of 76 characters (RFC 2045).
func writeBase64(w io.Writer, data []byte) {
	enc := base64.StdEncoding.EncodeToString(data)
	for len(enc) > 76 {
		_, _ = io.WriteString(w, enc[:76]+"\r\n")
		enc = enc[76:]
	}
	_, _ = io.WriteString(w, enc+"\r\n")
}
