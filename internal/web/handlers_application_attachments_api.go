package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
)

// apiAttachments lists an application's attachments with their SHA-256.
func (s *Server) apiAttachments(c *gin.Context) {
	ac, ok := s.loadApp(c)
	if !ok {
		return
	}
	pageNo, perPage, ok := paging(c)
	if !ok {
		s.problem(c, http.StatusBadRequest, "error.bad_request", nil)
		return
	}
	c.JSON(http.StatusOK, slicePage(ac.app.Attachments, pageNo, perPage))
}

// apiAttachBody is the JSON body that attaches a vault document.
type apiAttachBody struct {
	VaultDocumentID int64  `json:"vault_document_id"`
	DocType         string `json:"doc_type"`
}

// apiAddAttachment attaches a file (multipart: file and doc_type) or a
// document of the organisation's vault (JSON): 201 with the attachment,
// 413, 415 and 422 as problems with field errors, 409 once locked.
func (s *Server) apiAddAttachment(c *gin.Context) {
	ac, ok := s.loadApp(c)
	if !ok || !s.attachAllowed(c, ac) {
		return
	}
	var in attachIn
	if strings.HasPrefix(c.ContentType(), "multipart/") {
		var err error
		in, err = s.readAttachmentParts(c)
		var mbe *http.MaxBytesError
		if err != nil {
			s.discard(in.File)
			if errors.As(err, &mbe) {
				s.tooLarge(c)
			} else {
				s.fail(c, err)
			}
			return
		}
	} else {
		var b apiAttachBody
		if !s.decodeJSON(c, &b) {
			return
		}
		in = attachIn{DocType: b.DocType, DocField: "doc_type", Link: true}
		if b.VaultDocumentID != 0 {
			in.VaultID = strconv.FormatInt(b.VaultDocumentID, 10)
		}
	}
	at, status, err := s.attach(c, ac, in)
	if err != nil {
		e := apperr.As(err)
		if status == http.StatusInternalServerError {
			s.fail(c, err)
			return
		}
		s.problem(c, status, e.Key, e.Fields)
		return
	}
	c.JSON(http.StatusCreated, at)
}

// apiRemoveAttachment removes an attachment of a draft: 204, 409 once
// submitted.
func (s *Server) apiRemoveAttachment(c *gin.Context) {
	ac, at, ok := s.loadAttachment(c)
	if !ok || !s.attachAllowed(c, ac) {
		return
	}
	at, err := ac.st.RemoveAttachment(c.Request.Context(), ac.app.ID, at.ID, ac.sc)
	if err != nil {
		s.respondError(c, err)
		return
	}
	if err := s.uploads().Remove(at.StoredName); err != nil {
		s.log.Warn("remove attachment file", "request_id", requestID(c), "error", err.Error())
	}
	c.Status(http.StatusNoContent)
}
