package notify

import (
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
)

// leafPart is one non-multipart part of a received message, decoded from
// quoted-printable (multipart.Reader does that); base64 stays encoded.
type leafPart struct {
	Type     string // media type without parameters
	Params   map[string]string
	FileName string
	Encoding string
	Body     string
	Path     string // the multipart types above it, "multipart/mixed>multipart/alternative"
}

// messageParts parses a received message and flattens its MIME tree.
func messageParts(t *testing.T, data string) (*mail.Message, []leafPart) {
	t.Helper()
	pm, err := mail.ReadMessage(strings.NewReader(data))
	if err != nil {
		t.Fatalf("message does not parse: %v\n%s", err, data)
	}
	mt, params, err := mime.ParseMediaType(pm.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type %q: %v", pm.Header.Get("Content-Type"), err)
	}
	if !strings.HasPrefix(mt, "multipart/") {
		t.Fatalf("top Content-Type = %q, want a multipart", mt)
	}
	var out []leafPart
	walkParts(t, mt, pm.Body, params["boundary"], &out)
	return pm, out
}

func walkParts(t *testing.T, path string, r io.Reader, boundary string, out *[]leafPart) {
	t.Helper()
	if boundary == "" {
		t.Fatalf("%s without a boundary", path)
	}
	mr := multipart.NewReader(r, boundary)
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		mt, params, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if err != nil {
			t.Fatalf("%s: part Content-Type %q: %v", path, p.Header.Get("Content-Type"), err)
		}
		if strings.HasPrefix(mt, "multipart/") {
			walkParts(t, path+">"+mt, p, params["boundary"], out)
			continue
		}
		b, err := io.ReadAll(p)
		if err != nil {
			t.Fatalf("%s: read part: %v", path, err)
		}
		*out = append(*out, leafPart{Type: mt, Params: params, FileName: p.FileName(),
			Encoding: p.Header.Get("Content-Transfer-Encoding"), Body: string(b), Path: path})
	}
}

// partOf returns the first leaf of media type mt.
func partOf(t *testing.T, parts []leafPart, mt string) leafPart {
	t.Helper()
	for _, p := range parts {
		if p.Type == mt {
			return p
		}
	}
	t.Fatalf("no %s part among %d", mt, len(parts))
	return leafPart{}
}
