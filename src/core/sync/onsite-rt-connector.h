/* onsite-rt-connector.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onsite-connector.h"

G_BEGIN_DECLS

/**
 * OnsiteRtField:
 *
 * The ticket custom fields Onsite reads from Request Tracker. Each is
 * configured by its RT name; an empty name means the field is not used.
 */
typedef enum
{
  ONSITE_RT_FIELD_SUPPORT_LEVEL,
  ONSITE_RT_FIELD_SITE,
  ONSITE_RT_FIELD_ADDRESS,
  ONSITE_RT_FIELD_LATITUDE,
  ONSITE_RT_FIELD_LONGITUDE,
  ONSITE_RT_FIELD_VENDOR_REFERENCE,
  ONSITE_RT_FIELD_VISIT_START,
  ONSITE_RT_FIELD_VISIT_END,
  ONSITE_RT_N_FIELDS
} OnsiteRtField;

#define ONSITE_TYPE_RT_CONNECTOR (onsite_rt_connector_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteRtConnector, onsite_rt_connector, ONSITE, RT_CONNECTOR, GObject)

OnsiteRtConnector *onsite_rt_connector_new               (const char         *base_url,
                                                          const char         *queue);
void               onsite_rt_connector_set_token         (OnsiteRtConnector  *self,
                                                          const char         *token);
void               onsite_rt_connector_set_basic_auth    (OnsiteRtConnector  *self,
                                                          const char         *user,
                                                          const char         *password);
void               onsite_rt_connector_set_field_name    (OnsiteRtConnector  *self,
                                                          OnsiteRtField       field,
                                                          const char         *name);
const char        *onsite_rt_connector_get_field_name    (OnsiteRtConnector  *self,
                                                          OnsiteRtField       field);
const char        *onsite_rt_field_to_key                (OnsiteRtField       field);
gboolean           onsite_rt_field_from_key              (const char         *key,
                                                          OnsiteRtField      *field);
gboolean           onsite_rt_connector_set_status_map    (OnsiteRtConnector  *self,
                                                          const char         *pull_map,
                                                          const char         *push_map,
                                                          GError            **error);
void               onsite_rt_connector_set_extra_query   (OnsiteRtConnector  *self,
                                                          const char         *ticket_sql);
void               onsite_rt_connector_set_technician_group (OnsiteRtConnector *self,
                                                             const char        *group);
void               onsite_rt_connector_set_timeout       (OnsiteRtConnector  *self,
                                                          guint               seconds);
void               onsite_rt_connector_set_allow_insecure (OnsiteRtConnector *self,
                                                          gboolean            allow);
gboolean           onsite_rt_connector_set_ca_file       (OnsiteRtConnector  *self,
                                                          const char         *path,
                                                          GError            **error);
void               onsite_rt_connector_set_clock_margin  (OnsiteRtConnector  *self,
                                                          guint               seconds);

G_END_DECLS
