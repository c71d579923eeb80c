package web

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/upload"
)

// uploadForm is a streamed multipart form: small text fields, read with a
// cap, and at most one file, saved straight to the upload store.
type uploadForm struct {
	Values  map[string]string
	File    *upload.File // the saved file
	FileErr error        // why the file was refused (upload.ErrorKey gives its message)
	NoForm  bool         // the body was not multipart at all
}

// readUploadForm reads the named text fields and the part "file" of a
// multipart body without holding the file in memory. An I/O error or the
// route's body limit (a MaxBytesError, answered 413) is returned as is;
// the caller removes form.File when it does not keep it.
func (s *Server) readUploadForm(c *gin.Context, fields ...string) (uploadForm, error) {
	form := uploadForm{Values: map[string]string{}}
	mr, err := c.Request.MultipartReader()
	if err != nil {
		form.NoForm = true
		return form, nil
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return form, nil
		}
		if err == nil {
			err = s.readUploadPart(part, fields, &form)
			part.Close()
		}
		if err != nil {
			return form, err
		}
	}
}

func (s *Server) readUploadPart(part *multipart.Part, fields []string, form *uploadForm) error {
	name := part.FormName()
	if name == "file" {
		if part.FileName() == "" || form.File != nil || form.FileErr != nil {
			return nil
		}
		f, err := s.uploads().Save(part, part.FileName())
		if err != nil && upload.ErrorKey(err) == "" {
			return err
		}
		if err == nil {
			form.File = &f
		}
		form.FileErr = err
		return nil
	}
	for _, want := range fields {
		if name == want {
			b, err := io.ReadAll(io.LimitReader(part, 200))
			if err != nil {
				return err
			}
			form.Values[name] = strings.TrimSpace(string(b))
		}
	}
	return nil
}

// fileRefusal puts the message of a refused file on the "file" field and
// returns the status that fits it: 413 too large, 415 wrong type, else 422.
// It reports false when err is no refusal of the upload store.
func fileRefusal(fe apperr.FieldErrors, err error) (int, bool) {
	key := upload.ErrorKey(err)
	if key == "" {
		return http.StatusUnprocessableEntity, false
	}
	fe.Add("file", key)
	switch key {
	case upload.KeyTooLarge:
		return http.StatusRequestEntityTooLarge, true
	case upload.KeyType:
		return http.StatusUnsupportedMediaType, true
	}
	return http.StatusUnprocessableEntity, true
}
