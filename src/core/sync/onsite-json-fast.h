/* onsite-json-fast.h — a quick JSON reader for the ticket service's pages
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode *_onsite_json_parse_fast (const char *data,
                                   gsize       length);

/* The same reader, one value at a time, without a tree. */
typedef enum
{
  ONSITE_JSON_NULL,
  ONSITE_JSON_BOOLEAN,
  ONSITE_JSON_INT,
  ONSITE_JSON_DOUBLE,
  ONSITE_JSON_STRING,
  ONSITE_JSON_OBJECT,
  ONSITE_JSON_ARRAY,
} OnsiteJsonKind;

typedef struct
{
  /*< private >*/
  const char *p;
  const char *end;
  /*< public >*/
  GString    *buf;        /* the last string or member name read */
  /*< private >*/
  guint       depth;
  gboolean    fresh;      /* an object or array just opened */
  /*< public >*/
  gint64      int_value;  /* the last integer or boolean read */
} OnsiteJsonReader;

void     _onsite_json_reader_init      (OnsiteJsonReader *r,
                                        const char       *data,
                                        gsize             length);
void     _onsite_json_reader_clear     (OnsiteJsonReader *r);
gboolean _onsite_json_reader_value     (OnsiteJsonReader *r,
                                        OnsiteJsonKind   *kind);
gboolean _onsite_json_reader_member    (OnsiteJsonReader *r,
                                        gboolean         *more);
gboolean _onsite_json_reader_element   (OnsiteJsonReader *r,
                                        gboolean         *more);
gboolean _onsite_json_reader_skip_rest (OnsiteJsonReader *r,
                                        OnsiteJsonKind    kind);
gboolean _onsite_json_reader_skip      (OnsiteJsonReader *r);
gboolean _onsite_json_reader_end       (OnsiteJsonReader *r);

G_END_DECLS
