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

const textType = "text/plain; charset=utf-8"

// writeText writes body as quoted-printable with CRLF line ends.
func writeText(w io.Writer, body string) {
	qp := quotedprintable.NewWriter(w)
	_, _ = qp.Write([]byte(strings.ReplaceAll(body, "\r\n", "\n")))
	_ = qp.Close()
}

// writeMixed writes the text and the attachment as multipart/mixed and
// returns the message's Content-Type. The file name goes in
// Content-Disposition as RFC 2231 (filename*=utf-8 and percent-encoding) when it is not
// plain ASCII, and in Content-Type's name as an RFC 2047 encoded word for
// older clients that read only that.
func writeMixed(b *bytes.Buffer, m Message) string {
	mw := multipart.NewWriter(b)
	text, _ := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {textType},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	writeText(text, m.Body)
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
