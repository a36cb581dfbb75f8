# Cursor IDE bubbles (providers/cursor.py): the fields of one `bubbleId:*`
# value, decoded in C++ (includes/cb_cursor.h). Included by reader.pyx so it
# shares that module's simdjson.

cdef extern from "cb_cursor.h" namespace "cb":
    cdef cppclass CursorBubble:
        int64_t type
        bint has_type
        double tokens_in, tokens_out
        bint has_in, has_out
        string_view model, created, request_id, text
        bint has_model, has_created, has_request, has_text
        size_t text_chars
        vector[string_view] langs

    cdef cppclass CursorDecoder:
        CursorBubble b
        bint decode(const char *data, size_t length) except +

    string_view utf8_prefix(string_view s, size_t cap)


cdef inline str _sv(string_view v):
    return v.data()[:v.size()].decode("utf-8", "replace")


cdef class CursorBubbles:
    """Decodes bubble values one after another (one parser, reused)."""
    cdef CursorDecoder *d

    def __cinit__(self):
        self.d = new CursorDecoder()

    def __dealloc__(self):
        del self.d

    def decode(self, bytes value, size_t text_cap):
        """(type, input, output, model, createdAt, requestId, text[:text_cap],
        len(text), languages) of one bubble, None for an absent field; None
        when the value is not of the usual shape (decode it the general way)."""
        cdef const char *data = value
        if not self.d.decode(data, len(value)):
            return None
        cdef CursorBubble *b = &self.d.b
        langs = [_sv(l) for l in b.langs]
        return (b.type if b.has_type else None,
                b.tokens_in if b.has_in else None,
                b.tokens_out if b.has_out else None,
                _sv(b.model) if b.has_model else None,
                _sv(b.created) if b.has_created else None,
                _sv(b.request_id) if b.has_request else None,
                _sv(utf8_prefix(b.text, text_cap)) if b.has_text else None,
                b.text_chars,
                langs)
