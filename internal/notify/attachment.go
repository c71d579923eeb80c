package notify

import (
	"errors"
	"fmt"
	"mime"
	"strings"
	"unicode"
)

// MaxAttachment bounds an attachment's size: mail servers commonly refuse
// messages over 10 MB, and base64 adds a third.
const MaxAttachment = 7 << 20

// maxAttachmentName bounds a file name in bytes, so that its header stays
// well under SMTP's line limit once encoded.
const maxAttachmentName = 120

// checkAttachment validates a message's attachment and returns what the
// outbox stores: a clean name, a media type and the bytes (nil for none,
// stored as NULL).
func checkAttachment(m Message) (name, typ string, data any, err error) {
	if len(m.Attachment) == 0 {
		if m.AttachmentName != "" || m.AttachmentType != "" {
			return "", "", nil, errors.New("enqueue mail: attachment name or type without content")
		}
		return "", "", nil, nil
	}
	if len(m.Attachment) > MaxAttachment {
		return "", "", nil, fmt.Errorf("enqueue mail: attachment of %d bytes exceeds %d", len(m.Attachment), MaxAttachment)
	}
	name = attachmentName(m.AttachmentName)
	if name == "" {
		return "", "", nil, errors.New("enqueue mail: attachment without a file name")
	}
	typ = strings.ToLower(strings.TrimSpace(m.AttachmentType))
	if typ == "" {
		typ = "application/octet-stream"
	}
	if mt, params, perr := mime.ParseMediaType(typ); perr != nil || len(params) > 0 || !strings.Contains(mt, "/") {
		return "", "", nil, fmt.Errorf("enqueue mail: invalid attachment type %q", m.AttachmentType)
	}
	return name, typ, m.Attachment, nil
}

// attachmentName keeps a file name safe in a header and on the recipient's
// disk: no control characters, no path separators, no leading dots, on one
// line and at most maxAttachmentName bytes.
func attachmentName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r), r == '/', r == '\\':
			return ' '
		case r == '"':
			return '\''
		}
		return r
	}, s)
	s = strings.TrimLeft(oneLine(s), ". ")
	return strings.TrimSpace(clip(s, maxAttachmentName))
}
