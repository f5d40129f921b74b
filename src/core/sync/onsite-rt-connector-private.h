/* onsite-rt-connector-private.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "onsite-rt-connector.h"

G_BEGIN_DECLS

/* The parsers, open to unit tests and the fuzz target: they never trust
 * their input and fail with ONSITE_SYNC_ERROR_MALFORMED. */
OnsiteRemoteTicket *_onsite_rt_connector_parse_ticket (OnsiteRtConnector  *self,
                                                       JsonNode           *node,
                                                       GError            **error);
OnsitePullPage     *_onsite_rt_connector_parse_page   (OnsiteRtConnector  *self,
                                                       const char         *data,
                                                       gsize               length,
                                                       guint               page,
                                                       GError            **error);
OnsitePullPage     *_onsite_rt_connector_parse_page_strict (OnsiteRtConnector  *self,
                                                            const char         *data,
                                                            gsize               length,
                                                            guint               page,
                                                            GError            **error);
OnsitePullPage     *_onsite_rt_connector_read_page_fast (OnsiteRtConnector  *self,
                                                         const char         *data,
                                                         gsize               length,
                                                         guint               page);
void                _onsite_rt_connector_finish_ticket (OnsiteRtConnector  *self,
                                                        OnsiteRemoteTicket *ticket,
                                                        const char         *created,
                                                        const char         *due,
                                                        const char         *priority,
                                                        const char         *queue,
                                                        char              **values);
gboolean            _onsite_rt_is_positive_integer    (const char         *s);
void                _onsite_rt_connector_set_queue_id (OnsiteRtConnector  *self,
                                                       const char         *queue_id);
gint64              _onsite_rt_parse_time             (const char         *text);
char               *_onsite_rt_format_time            (gint64              unix_time);

G_END_DECLS
