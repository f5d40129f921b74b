/* onsite-rt-connector.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-rt"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "onsite-json-fast.h"
#include "onsite-rt-connector-private.h"

/*
 * Request Tracker 5 over REST2.
 *
 * Every request runs in a GTask worker thread with libsoup's synchronous
 * API (thread-safe since libsoup 3.2), and the JSON is parsed there too, so
 * neither the network nor a large page ever blocks the caller's main loop.
 * The configuration is set before the first request and only read after.
 *
 * RT's traps that shape this file (see docs and tests/rt): every write needs
 * Content-Type: application/json; an update with bad values answers 200 and
 * lists its failures as messages, so field changes are verified by reading
 * the ticket back; absolute TicketSQL dates are read in the RT user's time
 * zone, so incremental queries say "N seconds ago" by the service's clock
 * (learnt from each answer's Date) and de-duplicate; ids are numbers in one
 * place and strings in another.
 */

struct _OnsiteRtConnector
{
  GObject          parent_instance;

  SoupSession     *session;
  char            *base_url;     /* without a trailing slash */
  char            *queue;
  char            *queue_id;     /* learnt from the service */
  GMutex           queue_id_lock;
  char            *authorization;
  char            *extra_query;
  char            *technician_group;  /* whose members are technicians, or NULL */
  char            *fields[ONSITE_RT_N_FIELDS];
  GHashTable      *pull_map;     /* RT status → OnsiteTicketStatus + 1 */
  GHashTable      *push_map;     /* Onsite status string → RT status */
  GTlsDatabase    *extra_ca;
  gint64           clock_offset; /* the service's clock minus ours; queue_id_lock */
  guint            clock_margin;
  guint            allow_insecure : 1;
};

static void connector_iface_init (OnsiteConnectorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OnsiteRtConnector, onsite_rt_connector, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (ONSITE_TYPE_CONNECTOR, connector_iface_init))

#define PER_PAGE 100
#define MAX_ETAG_RETRIES 5
/* RT's default MaxAttachmentSize; a bigger photo stays on the laptop. */
#define MAX_ATTACHMENT_SIZE (10 * 1024 * 1024)
#define SEARCH_FIELDS "Subject,Status,LastUpdated,Created,Due,Owner,Queue,Priority,Requestor,CustomFields"

static const char * const field_keys[ONSITE_RT_N_FIELDS] = {
  "support-level", "site", "address", "latitude", "longitude",
  "vendor-reference", "visit-start", "visit-end",
};

static const char * const default_field_names[ONSITE_RT_N_FIELDS] = {
  "Support Level", "Site", "Address", "Latitude", "Longitude",
  "Vendor Case", "Visit Start", "Visit End",
};

static const char default_pull_map[] =
  "new=new;open=open;stalled=waiting;resolved=resolved;rejected=closed;deleted=closed";
static const char default_push_map[] =
  "new=new;open=open;scheduled=open;in-progress=open;waiting=stalled;resolved=resolved;closed=rejected";

const char *
onsite_rt_field_to_key (OnsiteRtField field)
{
  g_return_val_if_fail (field < ONSITE_RT_N_FIELDS, NULL);

  return field_keys[field];
}

gboolean
onsite_rt_field_from_key (const char    *key,
                          OnsiteRtField *field)
{
  for (guint i = 0; i < ONSITE_RT_N_FIELDS; i++)
    {
      if (g_strcmp0 (key, field_keys[i]) == 0)
        {
          *field = i;
          return TRUE;
        }
    }

  return FALSE;
}

static void
onsite_rt_connector_finalize (GObject *object)
{
  OnsiteRtConnector *self = (OnsiteRtConnector *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->extra_ca);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->queue, g_free);
  g_clear_pointer (&self->queue_id, g_free);
  g_clear_pointer (&self->extra_query, g_free);
  g_clear_pointer (&self->technician_group, g_free);
  g_clear_pointer (&self->pull_map, g_hash_table_unref);
  g_clear_pointer (&self->push_map, g_hash_table_unref);
  for (guint i = 0; i < ONSITE_RT_N_FIELDS; i++)
    g_clear_pointer (&self->fields[i], g_free);
  /* Tokens and passwords do not linger in freed memory. */
  if (self->authorization)
    memset (self->authorization, 0, strlen (self->authorization));
  g_clear_pointer (&self->authorization, g_free);
  g_mutex_clear (&self->queue_id_lock);

  G_OBJECT_CLASS (onsite_rt_connector_parent_class)->finalize (object);
}

static void
onsite_rt_connector_class_init (OnsiteRtConnectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = onsite_rt_connector_finalize;
}

static void
onsite_rt_connector_init (OnsiteRtConnector *self)
{
  g_autofree char *user_agent = g_strdup_printf ("Onsite/%s", PACKAGE_VERSION);

  g_mutex_init (&self->queue_id_lock);
  self->session = soup_session_new_with_options ("user-agent", user_agent,
                                                 "max-conns", 8,
                                                 "max-conns-per-host", 4,
                                                 "timeout", 30,
                                                 "idle-timeout", 60,
                                                 NULL);
  self->clock_margin = 60;
  for (guint i = 0; i < ONSITE_RT_N_FIELDS; i++)
    self->fields[i] = g_strdup (default_field_names[i]);
  onsite_rt_connector_set_status_map (self, default_pull_map, default_push_map, NULL);
}

/**
 * onsite_rt_connector_new:
 * @base_url: the RT address, e.g. `https://rt.example.org` (without `/REST/2.0`)
 * @queue: the queue whose tickets need visits
 *
 * Returns: (transfer full): a connector; set its credentials before use
 */
OnsiteRtConnector *
onsite_rt_connector_new (const char *base_url,
                         const char *queue)
{
  OnsiteRtConnector *self;
  gsize len;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (queue != NULL, NULL);

  self = g_object_new (ONSITE_TYPE_RT_CONNECTOR, NULL);
  self->base_url = g_strdup (base_url);
  len = strlen (self->base_url);
  while (len > 0 && self->base_url[len - 1] == '/')
    self->base_url[--len] = '\0';
  if (g_str_has_suffix (self->base_url, "/REST/2.0"))
    self->base_url[len - strlen ("/REST/2.0")] = '\0';
  self->queue = g_strdup (queue);

  return self;
}

/**
 * onsite_rt_connector_set_token:
 *
 * Uses an RT auth token. The token is never logged.
 */
void
onsite_rt_connector_set_token (OnsiteRtConnector *self,
                               const char        *token)
{
  g_return_if_fail (ONSITE_IS_RT_CONNECTOR (self));

  g_clear_pointer (&self->authorization, g_free);
  if (token && *token)
    self->authorization = g_strdup_printf ("token %s", token);
}

void
onsite_rt_connector_set_basic_auth (OnsiteRtConnector *self,
                                    const char        *user,
                                    const char        *password)
{
  g_autofree char *pair = NULL;
  g_autofree char *encoded = NULL;

  g_return_if_fail (ONSITE_IS_RT_CONNECTOR (self));
  g_return_if_fail (user != NULL && password != NULL);

  pair = g_strdup_printf ("%s:%s", user, password);
  encoded = g_base64_encode ((const guchar *)pair, strlen (pair));
  g_clear_pointer (&self->authorization, g_free);
  self->authorization = g_strdup_printf ("Basic %s", encoded);
}

void
onsite_rt_connector_set_field_name (OnsiteRtConnector *self,
                                    OnsiteRtField      field,
                                    const char        *name)
{
  char *old;

  g_return_if_fail (ONSITE_IS_RT_CONNECTOR (self));
  g_return_if_fail (field < ONSITE_RT_N_FIELDS);

  /* @name may be the current value (from the getter): copy, then free. */
  old = self->fields[field];
  self->fields[field] = g_strdup (name ? name : "");
  g_free (old);
}

const char *
onsite_rt_connector_get_field_name (OnsiteRtConnector *self,
                                    OnsiteRtField      field)
{
  g_return_val_if_fail (ONSITE_IS_RT_CONNECTOR (self), NULL);
  g_return_val_if_fail (field < ONSITE_RT_N_FIELDS, NULL);

  return self->fields[field];
}

static GHashTable *
parse_map (const char  *spec,
           gboolean     values_are_onsite,
           gboolean     keys_are_onsite,
           GError     **error)
{
  g_autoptr(GHashTable) map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) pairs = g_strsplit_set (spec, ";,", -1);

  for (guint i = 0; pairs[i]; i++)
    {
      g_autofree char *pair = g_strstrip (g_strdup (pairs[i]));
      char *eq;
      OnsiteTicketStatus status;

      if (*pair == '\0')
        continue;

      if (!(eq = strchr (pair, '=')) || eq == pair || eq[1] == '\0')
        {
          g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_CONFIG,
                       _("The status map entry “%s” is not of the form status=status."), pair);
          return NULL;
        }
      *eq = '\0';
      g_strstrip (pair);
      g_strstrip (eq + 1);

      if ((values_are_onsite && !onsite_ticket_status_from_string (eq + 1, &status)) ||
          (keys_are_onsite && !onsite_ticket_status_from_string (pair, &status)))
        {
          g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_CONFIG,
                       _("The status map names a status Onsite does not know: “%s”."),
                       values_are_onsite ? eq + 1 : pair);
          return NULL;
        }

      g_hash_table_insert (map, g_ascii_strdown (pair, -1), g_strdup (eq + 1));
    }

  return g_steal_pointer (&map);
}

/**
 * onsite_rt_connector_set_status_map:
 * @pull_map: (nullable): RT status → Onsite status, as
 *   `"new=new;open=open;stalled=waiting;…"`; an RT status missing here
 *   counts as open
 * @push_map: (nullable): Onsite status → RT status
 *
 * Returns: %FALSE with @error set if a map cannot be read; nothing changes
 */
gboolean
onsite_rt_connector_set_status_map (OnsiteRtConnector  *self,
                                    const char         *pull_map,
                                    const char         *push_map,
                                    GError            **error)
{
  g_autoptr(GHashTable) pull = NULL;
  g_autoptr(GHashTable) push = NULL;

  g_return_val_if_fail (ONSITE_IS_RT_CONNECTOR (self), FALSE);

  if (!(pull = parse_map (pull_map ? pull_map : default_pull_map, TRUE, FALSE, error)) ||
      !(push = parse_map (push_map ? push_map : default_push_map, FALSE, TRUE, error)))
    return FALSE;

  g_clear_pointer (&self->pull_map, g_hash_table_unref);
  g_clear_pointer (&self->push_map, g_hash_table_unref);
  self->pull_map = g_steal_pointer (&pull);
  self->push_map = g_steal_pointer (&push);

  return TRUE;
}

void
onsite_rt_connector_set_extra_query (OnsiteRtConnector *self,
                                     const char        *ticket_sql)
{
  g_return_if_fail (ONSITE_IS_RT_CONNECTOR (self));

  g_free (self->extra_query);
  self->extra_query = (ticket_sql && *ticket_sql) ? g_strdup (ticket_sql) : NULL;
}

/**
 * onsite_rt_connector_set_technician_group:
 * @group: (nullable): the name of an RT group whose members are the
 *   technicians, or %NULL / "" for none
 *
 * Sync then brings the group's members in as technicians.
 */
void
onsite_rt_connector_set_technician_group (OnsiteRtConnector *self,
                                          const char        *group)
{
  g_return_if_fail (ONSITE_IS_RT_CONNECTOR (self));

  g_free (self->technician_group);
  self->technician_group = (group && *group) ? g_strstrip (g_strdup (group)) : NULL;
  if (self->technician_group && *self->technician_group == '\0')
    g_clear_pointer (&self->technician_group, g_free);
}

void
onsite_rt_connector_set_timeout (OnsiteRtConnector *self,
                                 guint              seconds)
{
  g_return_if_fail (ONSITE_IS_RT_CONNECTOR (self));

  g_object_set (self->session, "timeout", seconds, NULL);
}

/**
 * onsite_rt_connector_set_allow_insecure:
 *
 * Allows plain HTTP to computers other than this one. Off by default.
 */
void
onsite_rt_connector_set_allow_insecure (OnsiteRtConnector *self,
                                        gboolean           allow)
{
  g_return_if_fail (ONSITE_IS_RT_CONNECTOR (self));

  self->allow_insecure = !!allow;
}

/**
 * onsite_rt_connector_set_ca_file:
 * @path: (nullable): a PEM file with an organisation's own certificate authority
 *
 * Trusts certificates issued by that authority in addition to the system's.
 */
gboolean
onsite_rt_connector_set_ca_file (OnsiteRtConnector  *self,
                                 const char         *path,
                                 GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  GTlsDatabase *db = NULL;

  g_return_val_if_fail (ONSITE_IS_RT_CONNECTOR (self), FALSE);

  if (path && *path &&
      !(db = g_tls_file_database_new (path, &local_error)))
    {
      g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_CONFIG,
                   _("The certificate authority file “%s” cannot be read: %s"),
                   path, local_error->message);
      return FALSE;
    }

  g_clear_object (&self->extra_ca);
  self->extra_ca = db;

  return TRUE;
}

/**
 * onsite_rt_connector_set_clock_margin:
 *
 * How far back incremental syncs reach beyond the last one (60 s by
 * default), for the service's one-second timestamps and the time a
 * request takes. Incremental queries are relative ("N seconds ago"),
 * because RT reads absolute TicketSQL dates in its user's time zone,
 * which Onsite does not know.
 */
void
onsite_rt_connector_set_clock_margin (OnsiteRtConnector *self,
                                      guint              seconds)
{
  g_return_if_fail (ONSITE_IS_RT_CONNECTOR (self));

  self->clock_margin = seconds;
}

/* Time ------------------------------------------------------------------- */

/* RT writes "2026-11-23T09:00:09Z" in JSON and accepts "2026-11-23 09:00:09"
 * (UTC) in updates. "Not set" is 1970-01-01. Returns 0 for either. */
gint64
_onsite_rt_parse_time (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) utc = NULL;
  g_autofree char *iso = NULL;
  gint64 t;

  if (text == NULL || *text == '\0' || strlen (text) > 64)
    return 0;

  iso = g_strdup (text);
  if (strlen (iso) > 10 && iso[10] == ' ')
    iso[10] = 'T';

  utc = g_time_zone_new_utc ();
  if (!(dt = g_date_time_new_from_iso8601 (iso, utc)))
    return 0;

  t = g_date_time_to_unix (dt);

  return t > 86400 ? t : 0;
}

char *
_onsite_rt_format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time <= 0 || !(dt = g_date_time_new_from_unix_utc (unix_time)))
    return g_strdup ("");

  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
}

/* Parsing ---------------------------------------------------------------- */

static gboolean
malformed (GError     **error,
           const char  *what)
{
  g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_MALFORMED,
               _("The ticket service sent an answer Onsite cannot read (%s)."), what);
  return FALSE;
}

/* A string member, or an id given as a number. NULL member → default. */
static gboolean
get_string (JsonObject  *object,
            const char  *member,
            gboolean     required,
            char       **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_autofree char *what = g_strdup_printf ("no %s", member);
          return malformed (error, what);
        }
      *out = g_strdup ("");
      return TRUE;
    }

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        {
          const char *s = json_node_get_string (node);
          *out = g_utf8_make_valid (s, -1);
          return TRUE;
        }
      if (type == G_TYPE_INT64)
        {
          *out = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
          return TRUE;
        }
    }

  {
    g_autofree char *what = g_strdup_printf ("%s is not text", member);
    return malformed (error, what);
  }
}

/* "Owner": {"id": "bob", …} or, defensively, "bob". */
static gboolean
get_ref_id (JsonObject  *object,
            const char  *member,
            char       **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node && JSON_NODE_HOLDS_OBJECT (node))
    return get_string (json_node_get_object (node), "id", TRUE, out, error);

  return get_string (object, member, FALSE, out, error);
}

static gboolean
is_positive_integer (const char *s)
{
  if (s == NULL || *s == '\0' || strlen (s) > 18)
    return FALSE;

  for (const char *p = s; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return g_ascii_strtoll (s, NULL, 10) > 0;
}

gboolean
_onsite_rt_is_positive_integer (const char *s)
{
  return is_positive_integer (s);
}

static gboolean
parse_coordinate (const char *text,
                  double     *value)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;

  if (*copy == '\0')
    return FALSE;

  /* People write "48,137" as often as "48.137". */
  for (char *p = copy; *p; p++)
    if (*p == ',')
      *p = '.';

  *value = g_ascii_strtod (copy, &end);

  return end != copy && *end == '\0' && isfinite (*value);
}

static int
map_priority (const char *text)
{
  gint64 p;

  if (!is_positive_integer (text))
    return 3;

  p = g_ascii_strtoll (text, NULL, 10);
  if (p >= 75)
    return 1;
  if (p >= 50)
    return 2;
  if (p >= 25)
    return 3;

  return 4;
}

static gboolean
read_custom_fields (OnsiteRtConnector  *self,
                    JsonNode           *node,
                    char              **values,
                    GError            **error)
{
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  /* A ticket with no fields at all may come as {}. */
  if (JSON_NODE_HOLDS_OBJECT (node) && json_object_get_size (json_node_get_object (node)) == 0)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return malformed (error, "CustomFields is not a list");

  array = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *name = NULL;
      JsonObject *cf;
      JsonNode *vnode;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return malformed (error, "a custom field is not an object");

      cf = json_node_get_object (element);
      if (!get_string (cf, "name", TRUE, &name, error))
        return FALSE;

      for (guint f = 0; f < ONSITE_RT_N_FIELDS; f++)
        {
          JsonArray *vals;

          if (self->fields[f][0] == '\0' || g_strcmp0 (self->fields[f], name) != 0)
            continue;

          vnode = json_object_get_member (cf, "values");
          if (vnode == NULL || JSON_NODE_HOLDS_NULL (vnode))
            continue;
          if (!JSON_NODE_HOLDS_ARRAY (vnode))
            return malformed (error, "custom field values are not a list");

          vals = json_node_get_array (vnode);
          if (json_array_get_length (vals) > 0)
            {
              JsonNode *v = json_array_get_element (vals, 0);

              /* RT 5 lists a date field that was cleared as [null]. */
              if (JSON_NODE_HOLDS_NULL (v))
                continue;
              if (!JSON_NODE_HOLDS_VALUE (v) || json_node_get_value_type (v) != G_TYPE_STRING)
                return malformed (error, "a custom field value is not text");

              g_free (values[f]);
              values[f] = g_utf8_make_valid (json_node_get_string (v), -1);
            }
        }
    }

  return TRUE;
}

/*
 * The rest of a ticket once its JSON has been read: nothing here can fail.
 * @ticket has its remote_id, title, remote_status, version, updated, owner
 * and requester (nullable); @values are the custom fields, by
 * OnsiteRtField (each nullable, stripped here in place).
 */
void
_onsite_rt_connector_finish_ticket (OnsiteRtConnector  *self,
                                    OnsiteRemoteTicket *ticket,
                                    const char         *created,
                                    const char         *due,
                                    const char         *priority,
                                    const char         *queue,
                                    char              **values)
{
  gpointer mapped;
  double lat = 0, lon = 0;
  gboolean has_lat, has_lon;

  if (g_strstrip (ticket->title)[0] == '\0')
    {
      g_free (ticket->title);
      /* Translators: title of a ticket that has no subject, %s is its number */
      ticket->title = g_strdup_printf (_("Ticket %s"), ticket->remote_id);
    }

  ticket->created = _onsite_rt_parse_time (created);
  if (ticket->created == 0)
    ticket->created = ticket->updated;
  ticket->due = _onsite_rt_parse_time (due);
  ticket->priority = map_priority (priority);

  if (g_ascii_strcasecmp (ticket->owner, "Nobody") == 0)
    ticket->owner[0] = '\0';

  g_mutex_lock (&self->queue_id_lock);
  ticket->in_scope = self->queue_id == NULL || *queue == '\0' ||
                     g_strcmp0 (queue, self->queue_id) == 0 ||
                     g_strcmp0 (queue, self->queue) == 0;
  g_mutex_unlock (&self->queue_id_lock);

  {
    g_autofree char *lower = g_ascii_strdown (ticket->remote_status, -1);

    if ((mapped = g_hash_table_lookup (self->pull_map, lower)) == NULL ||
        !onsite_ticket_status_from_string (mapped, &ticket->status))
      ticket->status = ONSITE_TICKET_STATUS_OPEN;
  }

  if (ticket->requester == NULL)
    ticket->requester = g_strdup ("");
  if (ticket->description == NULL)
    ticket->description = g_strdup ("");

  ticket->support_level = ONSITE_LEVEL_ONSITE;
  if (values[ONSITE_RT_FIELD_SUPPORT_LEVEL])
    {
      const char *v = g_strstrip (values[ONSITE_RT_FIELD_SUPPORT_LEVEL]);

      if (strlen (v) == 1 && v[0] >= '0' + ONSITE_LEVEL_MIN && v[0] <= '0' + ONSITE_LEVEL_MAX)
        ticket->support_level = v[0] - '0';
    }

  ticket->site_name = g_strdup (values[ONSITE_RT_FIELD_SITE] ? values[ONSITE_RT_FIELD_SITE] : "");
  ticket->address = g_strdup (values[ONSITE_RT_FIELD_ADDRESS] ? values[ONSITE_RT_FIELD_ADDRESS] : "");
  ticket->vendor_reference = g_strdup (values[ONSITE_RT_FIELD_VENDOR_REFERENCE]
                                       ? values[ONSITE_RT_FIELD_VENDOR_REFERENCE] : "");
  ticket->visit_start = _onsite_rt_parse_time (values[ONSITE_RT_FIELD_VISIT_START]);
  ticket->visit_end = _onsite_rt_parse_time (values[ONSITE_RT_FIELD_VISIT_END]);

  /* A location is both coordinates, each a number within range; anything
   * else is kept as "no location" and flagged for a person to fix. */
  has_lat = values[ONSITE_RT_FIELD_LATITUDE] && *g_strstrip (values[ONSITE_RT_FIELD_LATITUDE]);
  has_lon = values[ONSITE_RT_FIELD_LONGITUDE] && *g_strstrip (values[ONSITE_RT_FIELD_LONGITUDE]);
  if (has_lat || has_lon)
    {
      if (has_lat && has_lon &&
          parse_coordinate (values[ONSITE_RT_FIELD_LATITUDE], &lat) &&
          parse_coordinate (values[ONSITE_RT_FIELD_LONGITUDE], &lon) &&
          onsite_coordinates_valid (lat, lon, NULL))
        {
          ticket->has_location = TRUE;
          ticket->latitude = lat;
          ticket->longitude = lon;
        }
      else
        ticket->location_invalid = TRUE;
    }
}

/*
 * Turns one RT ticket (from a search page or GET /ticket/N) into an
 * OnsiteRemoteTicket. Anything of the wrong shape fails the whole ticket:
 * a half-understood ticket is never stored.
 */
OnsiteRemoteTicket *
_onsite_rt_connector_parse_ticket (OnsiteRtConnector  *self,
                                   JsonNode           *node,
                                   GError            **error)
{
  g_autoptr(OnsiteRemoteTicket) ticket = NULL;
  g_autofree char *created = NULL;
  g_autofree char *due = NULL;
  g_autofree char *priority = NULL;
  g_autofree char *queue = NULL;
  char *values[ONSITE_RT_N_FIELDS] = { NULL, };
  JsonObject *object;
  JsonNode *requestors;
  gboolean ok = FALSE;

  g_assert (ONSITE_IS_RT_CONNECTOR (self));

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      malformed (error, "a ticket is not an object");
      return NULL;
    }

  object = json_node_get_object (node);
  ticket = onsite_remote_ticket_new ();

  if (!get_string (object, "id", TRUE, &ticket->remote_id, error))
    return NULL;
  if (!is_positive_integer (ticket->remote_id))
    {
      malformed (error, "a ticket id is not a number");
      return NULL;
    }

  if (!get_string (object, "Subject", FALSE, &ticket->title, error) ||
      !get_string (object, "Status", TRUE, &ticket->remote_status, error) ||
      !get_string (object, "LastUpdated", TRUE, &ticket->version, error) ||
      !get_string (object, "Created", FALSE, &created, error) ||
      !get_string (object, "Due", FALSE, &due, error) ||
      !get_string (object, "Priority", FALSE, &priority, error) ||
      !get_ref_id (object, "Owner", &ticket->owner, error) ||
      !get_ref_id (object, "Queue", &queue, error))
    return NULL;

  if (!(ticket->updated = _onsite_rt_parse_time (ticket->version)))
    {
      malformed (error, "LastUpdated is not a date");
      return NULL;
    }

  requestors = json_object_get_member (object, "Requestor");
  if (requestors && JSON_NODE_HOLDS_ARRAY (requestors) &&
      json_array_get_length (json_node_get_array (requestors)) > 0)
    {
      JsonNode *first = json_array_get_element (json_node_get_array (requestors), 0);

      if (JSON_NODE_HOLDS_OBJECT (first))
        {
          if (!get_string (json_node_get_object (first), "id", FALSE, &ticket->requester, error))
            return NULL;
        }
      else if (!malformed (error, "a requestor is not an object"))
        return NULL;
    }
  else if (requestors && !JSON_NODE_HOLDS_ARRAY (requestors) && !JSON_NODE_HOLDS_NULL (requestors))
    {
      malformed (error, "Requestor is not a list");
      return NULL;
    }

  if (!read_custom_fields (self, json_object_get_member (object, "CustomFields"), values, error))
    goto out;

  _onsite_rt_connector_finish_ticket (self, ticket, created, due, priority, queue, values);
  ok = TRUE;

out:
  for (guint f = 0; f < ONSITE_RT_N_FIELDS; f++)
    g_free (values[f]);

  return ok ? g_steal_pointer (&ticket) : NULL;
}

static gboolean
get_count (JsonObject *object,
           const char *member,
           gint64     *out)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    *out = json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_STRING &&
           is_positive_integer (json_node_get_string (node)))
    *out = g_ascii_strtoll (json_node_get_string (node), NULL, 10);
  else
    return FALSE;

  return TRUE;
}

static JsonNode *
parse_json (const char  *data,
            gsize        length,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (length == 0)
    {
      malformed (error, "an empty answer");
      return NULL;
    }

  /* Strict JSON, the usual case, the quick way; anything else is for
   * JsonParser to judge, as before. */
  if ((root = _onsite_json_parse_fast (data, length)))
    return root;

  if (length > G_MAXSSIZE ||
      !json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_debug ("JSON: %s", local_error ? local_error->message : "too large");
      malformed (error, "not JSON");
      return NULL;
    }

  if (!(root = json_parser_get_root (parser)))
    {
      malformed (error, "an empty answer");
      return NULL;
    }

  return json_node_ref (root);
}

/* For tests: the queue's id, as learnt from the service. */
void
_onsite_rt_connector_set_queue_id (OnsiteRtConnector *self,
                                   const char        *queue_id)
{
  g_mutex_lock (&self->queue_id_lock);
  g_free (self->queue_id);
  self->queue_id = g_strdup (queue_id);
  g_mutex_unlock (&self->queue_id_lock);
}

/* The strict way: a tree first, then each ticket from it. */
OnsitePullPage *
_onsite_rt_connector_parse_page_strict (OnsiteRtConnector  *self,
                                        const char         *data,
                                        gsize               length,
                                        guint               page,
                                        GError            **error)
{
  g_autoptr(OnsitePullPage) result = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonNode *items;
  JsonArray *array;
  gint64 pages = 0, number = 0;

  if (!(root = parse_json (data, length, error)))
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      malformed (error, "a page is not an object");
      return NULL;
    }

  object = json_node_get_object (root);
  items = json_object_get_member (object, "items");
  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
    {
      malformed (error, "a page has no items");
      return NULL;
    }

  result = onsite_pull_page_new ();
  array = json_node_get_array (items);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      OnsiteRemoteTicket *ticket;

      if (!(ticket = _onsite_rt_connector_parse_ticket (self, json_array_get_element (array, i), error)))
        return NULL;

      g_ptr_array_add (result->tickets, ticket);
    }

  get_count (object, "total", &result->total);
  if (!get_count (object, "page", &number))
    number = page;

  if (json_object_has_member (object, "next_page"))
    result->next_page = number + 1;
  else if (get_count (object, "pages", &pages) && number < pages && json_array_get_length (array) > 0)
    result->next_page = number + 1;

  /* A page that claims to continue but came back empty would loop forever. */
  if (json_array_get_length (array) == 0)
    result->next_page = 0;

  return g_steal_pointer (&result);
}

/*
 * An ordinary page is read straight into records; anything else the
 * strict way, whose verdict and messages stand (see
 * onsite-rt-page-reader.c).
 */
OnsitePullPage *
_onsite_rt_connector_parse_page (OnsiteRtConnector  *self,
                                 const char         *data,
                                 gsize               length,
                                 guint               page,
                                 GError            **error)
{
  OnsitePullPage *result;

  if ((result = _onsite_rt_connector_read_page_fast (self, data, length, page)))
    return result;

  return _onsite_rt_connector_parse_page_strict (self, data, length, page, error);
}

/* HTTP ------------------------------------------------------------------- */

static gboolean
is_loopback (GUri *uri)
{
  const char *host = g_uri_get_host (uri);
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  if ((address = g_inet_address_new_from_string (host)))
    return g_inet_address_get_is_loopback (address);

  return FALSE;
}

static gboolean
on_accept_certificate (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  OnsiteRtConnector *self = user_data;
  g_autoptr(GSocketConnectable) identity = NULL;
  GUri *uri = soup_message_get_uri (message);
  GTlsCertificateFlags flags;

  if (self->extra_ca == NULL)
    return FALSE;

  identity = g_network_address_new (g_uri_get_host (uri), g_uri_get_port (uri));
  flags = g_tls_database_verify_chain (self->extra_ca, certificate,
                                       G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                       identity, NULL, G_TLS_DATABASE_VERIFY_NONE,
                                       NULL, NULL);

  return flags == 0;
}

static void
translate_transport_error (GError  *in,
                           GError **error)
{
  if (g_error_matches (in, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (in));
  else if (g_error_matches (in, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_TIMEOUT,
                 _("The ticket service took too long to answer."));
  else if (in->domain == G_TLS_ERROR)
    g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_TLS,
                 _("The secure connection to the ticket service failed: its certificate is not trusted."));
  else
    g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_UNREACHABLE,
                 _("The ticket service cannot be reached: %s"), in->message);
}

typedef struct
{
  guint       status;
  GBytes     *body;
  char       *etag;
  gint64      date;
} Response;

static void
response_clear (Response *response)
{
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->etag, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Response, response_clear)

/*
 * One request. Transport failures become ONSITE_SYNC_ERROR; HTTP statuses
 * are left to the caller, except 401 and 5xx which mean the same everywhere.
 */
static gboolean
request (OnsiteRtConnector  *self,
         const char         *method,
         const char         *path,
         const char         *body,
         const char         *if_match,
         Response           *response,
         GCancellable       *cancellable,
         GError            **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *url = NULL;
  SoupMessageHeaders *headers;
  const char *date;

  url = g_strconcat (self->base_url, "/REST/2.0/", path, NULL);
  if (!(uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL)) ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
      g_uri_get_host (uri) == NULL)
    {
      g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_CONFIG,
                   _("The ticket service address is not a web address."));
      return FALSE;
    }

  if (g_strcmp0 (g_uri_get_scheme (uri), "http") == 0 && !is_loopback (uri) && !self->allow_insecure)
    {
      g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_INSECURE,
                   _("Onsite only talks to the ticket service over HTTPS; plain HTTP is allowed only on this computer or with the “insecure” setting."));
      return FALSE;
    }

  if (self->authorization == NULL)
    {
      g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_CONFIG,
                   _("No token for the ticket service is set."));
      return FALSE;
    }

  message = soup_message_new_from_uri (method, uri);
  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Authorization", self->authorization);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (if_match)
    soup_message_headers_replace (headers, "If-Match", if_match);
  if (body || g_strcmp0 (method, "GET") != 0)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body ? body : "", body ? strlen (body) : 0);
      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }

  g_signal_connect_object (message, "accept-certificate",
                           G_CALLBACK (on_accept_certificate), self, 0);

  response->body = soup_session_send_and_read (self->session, message, cancellable, &local_error);
  if (response->body == NULL)
    {
      translate_transport_error (local_error, error);
      return FALSE;
    }

  response->status = soup_message_get_status (message);
  response->etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (message), "ETag"));
  date = soup_message_headers_get_one (soup_message_get_response_headers (message), "Date");
  if (date)
    {
      g_autoptr(GDateTime) dt = soup_date_time_new_from_http_string (date);
      response->date = dt ? g_date_time_to_unix (dt) : 0;
    }
  if (response->date > 0)
    {
      g_mutex_lock (&self->queue_id_lock);
      self->clock_offset = response->date - g_get_real_time () / G_USEC_PER_SEC;
      g_mutex_unlock (&self->queue_id_lock);
    }

  g_debug ("%s %s → %u (%" G_GSIZE_FORMAT " bytes)", method, path, response->status,
           g_bytes_get_size (response->body));

  if (response->status == SOUP_STATUS_UNAUTHORIZED)
    {
      g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_UNAUTHORIZED,
                   _("The ticket service refused the token or password."));
      return FALSE;
    }

  if (response->status >= 500)
    {
      g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_SERVER,
                   _("The ticket service failed (HTTP %u); Onsite will try again."),
                   response->status);
      return FALSE;
    }

  return TRUE;
}

static gboolean
unexpected_status (const Response  *response,
                   GError         **error)
{
  if (response->status == 403)
    g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_REFUSED,
                 _("The ticket service does not allow this account to do that."));
  else if (response->status == 404)
    g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_NOT_FOUND,
                 _("The ticket no longer exists at the ticket service."));
  else if (response->status >= 400 && response->status < 500)
    g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_REFUSED,
                 _("The ticket service refused the request (HTTP %u)."), response->status);
  else
    g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_MALFORMED,
                 _("The ticket service answered in a way Onsite does not expect (HTTP %u)."),
                 response->status);

  return FALSE;
}

static JsonNode *
response_json (const Response  *response,
               GError         **error)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (response->body, &len);

  return parse_json (data, len, error);
}

static char *
escape_sql_string (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static char *
build_query (OnsiteRtConnector *self,
             gint64             since)
{
  g_autofree char *queue = escape_sql_string (self->queue);
  GString *sql = g_string_new (NULL);

  g_string_append_printf (sql, "Queue = '%s'", queue);

  if (since > 0)
    {
      gint64 offset, server_now, ago;

      g_mutex_lock (&self->queue_id_lock);
      offset = self->clock_offset;
      g_mutex_unlock (&self->queue_id_lock);

      /* Relative to the service's own "now": no time zone involved. */
      server_now = g_get_real_time () / G_USEC_PER_SEC + offset;
      ago = MAX (server_now - since, 0) + self->clock_margin;
      g_string_append_printf (sql, " AND LastUpdated >= '%" G_GINT64_FORMAT " seconds ago'", ago);
    }
  else
    g_string_append (sql, " AND Status = '__Active__'");

  if (self->extra_query)
    g_string_append_printf (sql, " AND (%s)", self->extra_query);

  return g_string_free (sql, FALSE);
}

static char *
search_path (const char *query,
             const char *fields,
             guint       page)
{
  g_autofree char *escaped = g_uri_escape_string (query, NULL, FALSE);

  return g_strdup_printf ("tickets?query=%s&orderby=id&order=ASC&per_page=%d&page=%u%s%s",
                          escaped, PER_PAGE, page,
                          fields ? "&fields=" : "", fields ? fields : "");
}

/* Queue ------------------------------------------------------------------ */

static gboolean
load_queue (OnsiteRtConnector  *self,
            gboolean            check_fields,
            GCancellable       *cancellable,
            GError            **error)
{
  g_auto(Response) response = { 0, };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *escaped = g_uri_escape_string (self->queue, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("queue/%s", escaped);
  g_autofree char *id = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *object;
  JsonNode *cfs;

  if (!request (self, "GET", path, NULL, NULL, &response, cancellable, error))
    return FALSE;

  if (response.status == 404 || response.status == 403)
    {
      g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_NO_QUEUE,
                   _("The ticket service has no queue “%s” that this account may see."),
                   self->queue);
      return FALSE;
    }
  if (response.status != 200)
    return unexpected_status (&response, error);

  if (!(root = response_json (&response, error)))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return malformed (error, "a queue is not an object");

  object = json_node_get_object (root);
  if (!get_string (object, "id", TRUE, &id, error))
    return FALSE;

  g_mutex_lock (&self->queue_id_lock);
  g_free (self->queue_id);
  self->queue_id = g_strdup (id);
  g_mutex_unlock (&self->queue_id_lock);

  if (!check_fields)
    return TRUE;

  cfs = json_object_get_member (object, "TicketCustomFields");
  if (cfs && JSON_NODE_HOLDS_ARRAY (cfs))
    {
      JsonArray *array = json_node_get_array (cfs);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *e = json_array_get_element (array, i);
          char *name = NULL;

          if (JSON_NODE_HOLDS_OBJECT (e) &&
              get_string (json_node_get_object (e), "name", FALSE, &name, NULL))
            g_hash_table_add (names, name);
        }
    }

  for (guint f = 0; f < ONSITE_RT_N_FIELDS; f++)
    {
      if (self->fields[f][0] != '\0' && !g_hash_table_contains (names, self->fields[f]))
        {
          g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_MISSING_FIELD,
                       _("The queue “%s” has no custom field “%s”."),
                       self->queue, self->fields[f]);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
ensure_queue (OnsiteRtConnector  *self,
              GCancellable       *cancellable,
              GError            **error)
{
  gboolean known;

  g_mutex_lock (&self->queue_id_lock);
  known = self->queue_id != NULL;
  g_mutex_unlock (&self->queue_id_lock);

  return known || load_queue (self, FALSE, cancellable, error);
}

/* Operations (worker threads) -------------------------------------------- */

static void
test_connection_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  OnsiteRtConnector *self = source_object;
  g_auto(Response) response = { 0, };
  GError *error = NULL;

  if (!request (self, "GET", "rt", NULL, NULL, &response, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (response.status != 200)
    {
      g_task_return_new_error (task, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_UNREACHABLE,
                               _("The address does not lead to a Request Tracker with REST2 (HTTP %u)."),
                               response.status);
      return;
    }

  if (!load_queue (self, TRUE, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
pull_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OnsiteRtConnector *self = source_object;
  const gint64 *args = task_data;
  g_auto(Response) response = { 0, };
  g_autofree char *query = NULL;
  g_autofree char *path = NULL;
  OnsitePullPage *page;
  GError *error = NULL;
  gsize len = 0;
  const char *data;

  if (!ensure_queue (self, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  query = build_query (self, args[0]);
  path = search_path (query, SEARCH_FIELDS, (guint)args[1]);

  if (!request (self, "GET", path, NULL, NULL, &response, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (response.status != 200)
    {
      unexpected_status (&response, &error);
      g_task_return_error (task, error);
      return;
    }

  data = g_bytes_get_data (response.body, &len);
  if (!(page = _onsite_rt_connector_parse_page (self, data, len, (guint)args[1], &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  page->server_time = response.date;
  g_task_return_pointer (task, page, (GDestroyNotify)onsite_pull_page_free);
}

static void
list_active_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  OnsiteRtConnector *self = source_object;
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autofree char *query = NULL;
  GError *error = NULL;
  guint page = 1;

  query = build_query (self, 0);

  while (page > 0)
    {
      g_auto(Response) response = { 0, };
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *path = search_path (query, NULL, page);
      JsonNode *items;
      JsonArray *array;
      gint64 pages = 0;

      if (!request (self, "GET", path, NULL, NULL, &response, cancellable, &error))
        goto failed;
      if (response.status != 200)
        {
          unexpected_status (&response, &error);
          goto failed;
        }
      if (!(root = response_json (&response, &error)))
        goto failed;
      if (!JSON_NODE_HOLDS_OBJECT (root) ||
          !(items = json_object_get_member (json_node_get_object (root), "items")) ||
          !JSON_NODE_HOLDS_ARRAY (items))
        {
          malformed (&error, "a page has no items");
          goto failed;
        }

      array = json_node_get_array (items);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *e = json_array_get_element (array, i);
          g_autofree char *id = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (e) ||
              !get_string (json_node_get_object (e), "id", TRUE, &id, &error))
            {
              if (error == NULL)
                malformed (&error, "a ticket is not an object");
              goto failed;
            }
          if (!is_positive_integer (id))
            {
              malformed (&error, "a ticket id is not a number");
              goto failed;
            }
          g_strv_builder_add (ids, id);
        }

      if (json_array_get_length (array) > 0 &&
          (json_object_has_member (json_node_get_object (root), "next_page") ||
           (get_count (json_node_get_object (root), "pages", &pages) && page < pages)))
        page++;
      else
        page = 0;
    }

  g_task_return_pointer (task, g_strv_builder_end (ids), (GDestroyNotify)g_strfreev);
  return;

failed:
  g_task_return_error (task, error);
}

static JsonNode *
get_ticket (OnsiteRtConnector  *self,
            const char         *remote_id,
            char              **etag,
            GCancellable       *cancellable,
            GError            **error)
{
  g_auto(Response) response = { 0, };
  g_autofree char *path = NULL;

  if (!is_positive_integer (remote_id))
    {
      g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_NOT_FOUND,
                   _("The ticket has no number at the ticket service."));
      return NULL;
    }

  path = g_strdup_printf ("ticket/%s", remote_id);
  if (!request (self, "GET", path, NULL, NULL, &response, cancellable, error))
    return NULL;

  if (response.status != 200)
    {
      unexpected_status (&response, error);
      return NULL;
    }

  if (etag)
    *etag = g_steal_pointer (&response.etag);

  return response_json (&response, error);
}

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  OnsiteRtConnector *self = source_object;
  g_autoptr(JsonNode) root = NULL;
  OnsiteRemoteTicket *ticket;
  GError *error = NULL;

  if (!ensure_queue (self, cancellable, &error) ||
      !(root = get_ticket (self, task_data, NULL, cancellable, &error)) ||
      !(ticket = _onsite_rt_connector_parse_ticket (self, root, &error)))
    {
      /* A ticket moved to a queue we may not see is gone for Onsite too. */
      if (g_error_matches (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_REFUSED))
        error->code = ONSITE_SYNC_ERROR_NOT_FOUND;
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, ticket, (GDestroyNotify)onsite_remote_ticket_free);
}

/* Push ------------------------------------------------------------------- */

static char *
marker_for (const OnsiteChange *change)
{
  return g_strdup_printf ("[onsite:%s]", change->idempotency_key);
}

/*
 * Whether a comment carrying @marker is already in the ticket's history.
 * RT keeps a comment's subject in its transaction's Data, so one listing
 * of the history answers it, however many comments there are.
 */
static gboolean
history_has_marker (OnsiteRtConnector  *self,
                    const char         *remote_id,
                    const char         *marker,
                    gboolean           *found,
                    GCancellable       *cancellable,
                    GError            **error)
{
  guint page = 1;

  *found = FALSE;

  while (page > 0 && !*found)
    {
      g_auto(Response) response = { 0, };
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *path = NULL;
      JsonNode *items;
      JsonArray *array;

      path = g_strdup_printf ("ticket/%s/history?fields=Type,Data&per_page=%d&page=%u",
                              remote_id, PER_PAGE, page);
      if (!request (self, "GET", path, NULL, NULL, &response, cancellable, error))
        return FALSE;
      if (response.status != 200)
        return unexpected_status (&response, error);
      if (!(root = response_json (&response, error)))
        return FALSE;
      if (!JSON_NODE_HOLDS_OBJECT (root) ||
          !(items = json_object_get_member (json_node_get_object (root), "items")) ||
          !JSON_NODE_HOLDS_ARRAY (items))
        return malformed (error, "a history page has no items");

      array = json_node_get_array (items);
      for (guint i = 0; i < json_array_get_length (array) && !*found; i++)
        {
          JsonNode *e = json_array_get_element (array, i);
          JsonObject *txn;
          const char *data;

          if (!JSON_NODE_HOLDS_OBJECT (e))
            return malformed (error, "a transaction is not an object");
          txn = json_node_get_object (e);
          data = json_object_get_string_member_with_default (txn, "Data", "");
          if (data && strstr (data, marker))
            *found = TRUE;
        }

      page = (json_array_get_length (array) >= PER_PAGE) ? page + 1 : 0;
    }

  return TRUE;
}

/*
 * The files a technician attached, as RT takes them with a comment:
 * { "FileName", "FileType", "FileContent" (base64) }. A file that is gone
 * or too big is left out; the note lists every file by name anyway.
 */
static void
add_attachments (JsonBuilder *builder,
                 JsonObject  *payload)
{
  JsonNode *node = json_object_get_member (payload, "attachments");
  JsonArray *files;
  gboolean started = FALSE;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;

  files = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonNode *e = json_array_get_element (files, i);
      g_autofree char *contents = NULL;
      g_autofree char *encoded = NULL;
      g_autoptr(GError) error = NULL;
      const char *path;
      JsonObject *file;
      gsize length;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        continue;
      file = json_node_get_object (e);
      path = json_object_get_string_member_with_default (file, "path", NULL);

      if (path == NULL || !g_file_get_contents (path, &contents, &length, &error))
        {
          g_debug ("Attachment left out: %s", error ? error->message : "no path");
          continue;
        }
      if (length > MAX_ATTACHMENT_SIZE)
        continue;

      if (!started)
        {
          json_builder_set_member_name (builder, "Attachments");
          json_builder_begin_array (builder);
          started = TRUE;
        }

      encoded = g_base64_encode ((const guchar *)contents, length);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "FileName");
      json_builder_add_string_value (builder, json_object_get_string_member_with_default (file, "name", "file"));
      json_builder_set_member_name (builder, "FileType");
      json_builder_add_string_value (builder, json_object_get_string_member_with_default (file, "mime-type",
                                                                                          "application/octet-stream"));
      json_builder_set_member_name (builder, "FileContent");
      json_builder_add_string_value (builder, encoded);
      json_builder_end_object (builder);
    }

  if (started)
    json_builder_end_array (builder);
}

static OnsitePushResult *
push_comment (OnsiteRtConnector  *self,
              const OnsiteChange *change,
              JsonObject         *payload,
              GCancellable       *cancellable,
              GError            **error)
{
  g_autoptr(OnsitePushResult) result = g_new0 (OnsitePushResult, 1);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body_node = NULL;
  g_auto(Response) response = { 0, };
  /* Sent again after a conflict, a note keeps the key it was first sent
   * under (see onsite_store_resolve_conflict()): it may be there already. */
  const char *note_key = json_object_get_string_member_with_default (payload, "note_key", "");
  g_autofree char *marker = *note_key ? g_strdup_printf ("[onsite:%s]", note_key) : marker_for (change);
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  const char *text = json_object_get_string_member_with_default (payload, "text", NULL);
  const char *actor = json_object_get_string_member_with_default (payload, "actor", "");
  gboolean found = FALSE;

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_REFUSED,
                   _("An empty note cannot be sent."));
      return NULL;
    }

  /* An earlier attempt may have reached RT before we lost the answer. */
  if (change->attempts > 1 || *note_key)
    {
      if (!history_has_marker (self, change->remote_id, marker, &found, cancellable, error))
        return NULL;

      if (found)
        {
          result->outcome = ONSITE_PUSH_ALREADY_APPLIED;
          return g_steal_pointer (&result);
        }
    }

  if (actor && *actor)
    /* Translators: subject of a note sent to the ticket service */
    subject = g_strdup_printf (_("Note from %s in Onsite %s"), actor, marker);
  else
    subject = g_strdup_printf (_("Note from Onsite %s"), marker);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Subject");
  json_builder_add_string_value (builder, subject);
  json_builder_set_member_name (builder, "Content");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "ContentType");
  json_builder_add_string_value (builder, "text/plain");
  add_attachments (builder, payload);
  json_builder_end_object (builder);
  body_node = json_builder_get_root (builder);
  body = json_to_string (body_node, FALSE);

  path = g_strdup_printf ("ticket/%s/comment", change->remote_id);
  if (!request (self, "POST", path, body, NULL, &response, cancellable, error))
    return NULL;

  if (response.status != 201 && response.status != 200)
    {
      unexpected_status (&response, error);
      return NULL;
    }

  result->outcome = ONSITE_PUSH_APPLIED;
  return g_steal_pointer (&result);
}

typedef struct
{
  char     *name;        /* "Status", "Owner" or a custom field name */
  gboolean  custom;
  char     *target;
  char     *base;
} FieldSet;

static void
field_set_free (FieldSet *set)
{
  g_free (set->name);
  g_free (set->target);
  g_free (set->base);
  g_free (set);
}

static FieldSet *
field_set_new (const char *name,
               gboolean    custom,
               const char *target,
               const char *base)
{
  FieldSet *set = g_new0 (FieldSet, 1);

  set->name = g_strdup (name);
  set->custom = custom;
  set->target = g_strdup (target ? target : "");
  set->base = g_strdup (base ? base : "");

  return set;
}

static char *
current_value (JsonObject     *ticket,
               const FieldSet *set)
{
  if (!set->custom)
    {
      char *value = NULL;

      if (!get_ref_id (ticket, set->name, &value, NULL))
        return g_strdup ("");
      if (g_strcmp0 (set->name, "Owner") == 0 && g_ascii_strcasecmp (value, "Nobody") == 0)
        value[0] = '\0';
      return value;
    }
  else
    {
      JsonNode *cfs = json_object_get_member (ticket, "CustomFields");
      JsonArray *array;

      if (cfs == NULL || !JSON_NODE_HOLDS_ARRAY (cfs))
        return g_strdup ("");

      array = json_node_get_array (cfs);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *e = json_array_get_element (array, i);
          JsonObject *cf;
          JsonNode *vals;

          if (!JSON_NODE_HOLDS_OBJECT (e))
            continue;
          cf = json_node_get_object (e);
          if (g_strcmp0 (json_object_get_string_member_with_default (cf, "name", ""), set->name) != 0)
            continue;
          vals = json_object_get_member (cf, "values");
          if (vals && JSON_NODE_HOLDS_ARRAY (vals) && json_array_get_length (json_node_get_array (vals)) > 0)
            {
              JsonNode *v = json_array_get_element (json_node_get_array (vals), 0);

              if (JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_STRING)
                return g_strdup (json_node_get_string (v));
            }
          return g_strdup ("");
        }

      return g_strdup ("");
    }
}

static gboolean
values_equal (const FieldSet *set,
              const char     *a,
              const char     *b)
{
  /* RT's status words and user names are case-insensitive. */
  if (!set->custom)
    return g_ascii_strcasecmp (a, b) == 0;

  return g_strcmp0 (a, b) == 0;
}

static GPtrArray *
field_sets_for (OnsiteRtConnector  *self,
                const OnsiteChange *change,
                JsonObject         *payload,
                GError            **error)
{
  g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func ((GDestroyNotify)field_set_free);
  /* A vendor hand-off step: the waiting status and the vendor-case field;
   * a technician's visit step: the status. */
  gboolean handoff = g_strcmp0 (change->kind, "handoff") == 0 ||
                     g_strcmp0 (change->kind, "visit-step") == 0;
  gboolean assignment = g_strcmp0 (change->kind, "assignment") == 0;

  if (g_strcmp0 (change->kind, "status") == 0 ||
      (handoff && json_object_has_member (payload, "status")))
    {
      const char *status = json_object_get_string_member_with_default (payload, "status", NULL);
      const char *previous = json_object_get_string_member_with_default (payload, "previous", "");
      const char *target = status ? g_hash_table_lookup (self->push_map, status) : NULL;
      const char *base = json_object_get_string_member_with_default (payload, "previous_remote", NULL);

      if (base == NULL)
        base = g_hash_table_lookup (self->push_map, previous);

      if (target == NULL)
        {
          g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_CONFIG,
                       _("The status map has no Request Tracker status for “%s”."),
                       status ? status : "?");
          return NULL;
        }
      g_ptr_array_add (sets, field_set_new ("Status", FALSE, target, base));
    }
  else if (g_strcmp0 (change->kind, "owner") == 0)
    {
      g_ptr_array_add (sets, field_set_new ("Owner", FALSE,
                                            json_object_get_string_member_with_default (payload, "owner", ""),
                                            json_object_get_string_member_with_default (payload, "previous", "")));
    }
  else if (assignment)
    {
      /* A visit planned, given to someone else or called off: status,
       * owner and visit window, each as { value, previous }, in one update. */
      JsonObject *status = NULL, *owner = NULL;
      JsonNode *node;

      if ((node = json_object_get_member (payload, "status")) && JSON_NODE_HOLDS_OBJECT (node))
        status = json_node_get_object (node);
      if ((node = json_object_get_member (payload, "owner")) && JSON_NODE_HOLDS_OBJECT (node))
        owner = json_node_get_object (node);

      if (status)
        {
          const char *value = json_object_get_string_member_with_default (status, "value", NULL);
          const char *previous = json_object_get_string_member_with_default (status, "previous", "");
          const char *target = value ? g_hash_table_lookup (self->push_map, value) : NULL;
          const char *base = json_object_get_string_member_with_default (status, "previous_remote", NULL);

          if (base == NULL)
            base = g_hash_table_lookup (self->push_map, previous);

          if (target == NULL)
            {
              g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_CONFIG,
                           _("The status map has no Request Tracker status for “%s”."),
                           value ? value : "?");
              return NULL;
            }
          g_ptr_array_add (sets, field_set_new ("Status", FALSE, target, base));
        }

      if (owner)
        g_ptr_array_add (sets, field_set_new ("Owner", FALSE,
                                              json_object_get_string_member_with_default (owner, "value", ""),
                                              json_object_get_string_member_with_default (owner, "previous", "")));
    }

  if (g_strcmp0 (change->kind, "fields") == 0 || handoff || assignment)
    {
      JsonObject *fields = NULL;
      JsonNode *node = json_object_get_member (payload, "fields");
      g_autoptr(GList) members = NULL;

      if (node && JSON_NODE_HOLDS_OBJECT (node))
        fields = json_node_get_object (node);
      if (fields)
        members = json_object_get_members (fields);

      for (const GList *l = members; l; l = l->next)
        {
          JsonNode *value = json_object_get_member (fields, l->data);
          OnsiteRtField field;
          JsonObject *v;

          if (!onsite_rt_field_from_key (l->data, &field) || !JSON_NODE_HOLDS_OBJECT (value))
            continue;
          if (self->fields[field][0] == '\0')
            continue;

          v = json_node_get_object (value);
          g_ptr_array_add (sets, field_set_new (self->fields[field], TRUE,
                                                json_object_get_string_member_with_default (v, "value", ""),
                                                json_object_get_string_member_with_default (v, "previous", "")));
        }
    }

  if (sets->len == 0)
    {
      g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_REFUSED,
                   _("Onsite does not know how to send a change of kind “%s”."), change->kind);
      return NULL;
    }

  return g_steal_pointer (&sets);
}

/* The status, when changed, is always the first field of a change. */
static gboolean
sets_change_status (GPtrArray *sets)
{
  FieldSet *first = sets->len > 0 ? g_ptr_array_index (sets, 0) : NULL;

  return first != NULL && !first->custom && g_strcmp0 (first->name, "Status") == 0;
}

static char *
build_update (GPtrArray *sets)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  gboolean any_custom = FALSE;

  json_builder_begin_object (builder);
  for (guint i = 0; i < sets->len; i++)
    {
      FieldSet *set = g_ptr_array_index (sets, i);

      if (set->custom)
        {
          any_custom = TRUE;
          continue;
        }
      json_builder_set_member_name (builder, set->name);
      json_builder_add_string_value (builder,
                                     (g_strcmp0 (set->name, "Owner") == 0 && set->target[0] == '\0')
                                     ? "Nobody" : set->target);
    }
  if (any_custom)
    {
      json_builder_set_member_name (builder, "CustomFields");
      json_builder_begin_object (builder);
      for (guint i = 0; i < sets->len; i++)
        {
          FieldSet *set = g_ptr_array_index (sets, i);

          if (!set->custom)
            continue;
          json_builder_set_member_name (builder, set->name);
          json_builder_add_string_value (builder, set->target);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static char *
join_messages (const Response *response)
{
  g_autoptr(JsonNode) root = response_json (response, NULL);
  g_autoptr(GString) out = g_string_new (NULL);

  if (root && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *e = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
            {
              if (out->len)
                g_string_append (out, "; ");
              g_string_append (out, json_node_get_string (e));
            }
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/*
 * Field changes: read the ticket with its ETag; a field already at the
 * target needs nothing, a field still at the value we last saw is sent with
 * If-Match, and a field someone else changed meanwhile is a conflict that a
 * person decides. A 412 (the ticket changed between our read and our write)
 * starts over. Afterwards the ticket is read back, because RT answers 200
 * even when it refused a value.
 */
static OnsitePushResult *
push_fields (OnsiteRtConnector  *self,
             const OnsiteChange *change,
             JsonObject         *payload,
             GCancellable       *cancellable,
             GError            **error)
{
  g_autoptr(OnsitePushResult) result = g_new0 (OnsitePushResult, 1);
  g_autoptr(GPtrArray) sets = NULL;

  if (!(sets = field_sets_for (self, change, payload, error)))
    return NULL;

  for (guint attempt = 0; attempt < MAX_ETAG_RETRIES; attempt++)
    {
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GPtrArray) todo = g_ptr_array_new ();
      g_auto(Response) response = { 0, };
      g_autofree char *etag = NULL;
      g_autofree char *body = NULL;
      g_autofree char *path = NULL;
      g_autofree char *messages = NULL;
      JsonObject *ticket;

      if (!(root = get_ticket (self, change->remote_id, &etag, cancellable, error)))
        return NULL;
      if (!JSON_NODE_HOLDS_OBJECT (root))
        {
          malformed (error, "a ticket is not an object");
          return NULL;
        }
      ticket = json_node_get_object (root);

      for (guint i = 0; i < sets->len; i++)
        {
          FieldSet *set = g_ptr_array_index (sets, i);
          g_autofree char *current = current_value (ticket, set);

          if (values_equal (set, current, set->target))
            continue;

          if (!values_equal (set, current, set->base))
            {
              result->outcome = ONSITE_PUSH_CONFLICT;
              result->field = g_strdup (set->name);
              result->local_value = g_strdup (set->target);
              result->remote_value = g_steal_pointer (&current);
              return g_steal_pointer (&result);
            }

          g_ptr_array_add (todo, set);
        }

      if (todo->len == 0)
        {
          result->outcome = attempt == 0 ? ONSITE_PUSH_ALREADY_APPLIED : ONSITE_PUSH_APPLIED;
          if (sets_change_status (sets))
            result->remote_value = g_strdup (((FieldSet *)g_ptr_array_index (sets, 0))->target);
          return g_steal_pointer (&result);
        }

      body = build_update (todo);
      path = g_strdup_printf ("ticket/%s", change->remote_id);
      if (!request (self, "PUT", path, body, etag, &response, cancellable, error))
        return NULL;

      if (response.status == 412)
        continue;

      if (response.status != 200)
        {
          unexpected_status (&response, error);
          return NULL;
        }

      /* Read back: the next round finds every field at its target, or
       * tells which one RT refused. */
      messages = join_messages (&response);
      g_clear_pointer (&root, json_node_unref);
      g_clear_pointer (&etag, g_free);
      if (!(root = get_ticket (self, change->remote_id, &etag, cancellable, error)))
        return NULL;
      if (!JSON_NODE_HOLDS_OBJECT (root))
        {
          malformed (error, "a ticket is not an object");
          return NULL;
        }
      ticket = json_node_get_object (root);

      for (guint i = 0; i < todo->len; i++)
        {
          FieldSet *set = g_ptr_array_index (todo, i);
          g_autofree char *current = current_value (ticket, set);

          if (!values_equal (set, current, set->target))
            {
              g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_REFUSED,
                           _("The ticket service did not accept “%s” for %s: %s"),
                           set->target, set->name, messages);
              return NULL;
            }
        }

      result->outcome = ONSITE_PUSH_APPLIED;
      if (sets_change_status (sets))
        result->remote_value = g_strdup (((FieldSet *)g_ptr_array_index (sets, 0))->target);
      return g_steal_pointer (&result);
    }

  g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_SERVER,
               _("The ticket kept changing at the service while Onsite tried to update it; Onsite will try again."));
  return NULL;
}

/*
 * A vendor hand-off step: the comment that tells what happened, then the
 * waiting status and the vendor-case field, as a status or fields change
 * would send them. A retry finds the comment by its marker and goes on
 * with the fields.
 */
static OnsitePushResult *
push_handoff (OnsiteRtConnector  *self,
              const OnsiteChange *change,
              JsonObject         *payload,
              GCancellable       *cancellable,
              GError            **error)
{
  g_autoptr(OnsitePushResult) comment = NULL;
  OnsitePushResult *fields;

  /* A step kept over a conflict by an earlier Onsite no longer carries
   * its note; one kept now carries it with its first key, and
   * push_comment() skips it when RT has it already. */
  if (json_object_has_member (payload, "text") &&
      !(comment = push_comment (self, change, payload, cancellable, error)))
    return NULL;

  if (!json_object_has_member (payload, "status") && !json_object_has_member (payload, "fields"))
    {
      if (comment == NULL)
        {
          comment = g_new0 (OnsitePushResult, 1);
          comment->outcome = ONSITE_PUSH_ALREADY_APPLIED;
        }
      return g_steal_pointer (&comment);
    }

  if (!(fields = push_fields (self, change, payload, cancellable, error)))
    return NULL;

  if (fields->outcome == ONSITE_PUSH_ALREADY_APPLIED && comment && comment->outcome == ONSITE_PUSH_APPLIED)
    fields->outcome = ONSITE_PUSH_APPLIED;

  return fields;
}

static void
push_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OnsiteRtConnector *self = source_object;
  const OnsiteChange *change = task_data;
  g_autoptr(JsonNode) root = NULL;
  OnsitePushResult *result;
  GError *error = NULL;

  if (change->remote_id == NULL || !is_positive_integer (change->remote_id))
    {
      g_task_return_new_error (task, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_NOT_FOUND,
                               _("The ticket is not known to the ticket service."));
      return;
    }

  if (!(root = parse_json (change->payload, strlen (change->payload), &error)) ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_clear_error (&error);
      g_task_return_new_error (task, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_REFUSED,
                               _("A waiting change is damaged and cannot be sent."));
      return;
    }

  if (g_strcmp0 (change->kind, "comment") == 0)
    result = push_comment (self, change, json_node_get_object (root), cancellable, &error);
  else if (g_strcmp0 (change->kind, "handoff") == 0 ||
           g_strcmp0 (change->kind, "visit-step") == 0)
    result = push_handoff (self, change, json_node_get_object (root), cancellable, &error);
  else
    result = push_fields (self, change, json_node_get_object (root), cancellable, &error);

  if (result)
    g_task_return_pointer (task, result, (GDestroyNotify)onsite_push_result_free);
  else
    g_task_return_error (task, error);
}

/* Interface -------------------------------------------------------------- */

/* Technicians ------------------------------------------------------------ */

/* The group's id, found by name (REST2 loads groups by id only). */
static char *
find_group (OnsiteRtConnector  *self,
            GCancellable       *cancellable,
            GError            **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) query = NULL;
  g_auto(Response) response = { 0, };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  JsonNode *items;
  char *id = NULL;

  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "field");
  json_builder_add_string_value (builder, "Name");
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, self->technician_group);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  query = json_builder_get_root (builder);
  json_generator_set_root (generator, query);
  body = json_generator_to_data (generator, NULL);

  if (!request (self, "POST", "groups", body, NULL, &response, cancellable, error))
    return NULL;
  if (response.status != 200)
    {
      unexpected_status (&response, error);
      return NULL;
    }
  if (!(root = response_json (&response, error)))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      !(items = json_object_get_member (json_node_get_object (root), "items")) ||
      !JSON_NODE_HOLDS_ARRAY (items))
    {
      malformed (error, "a group search has no items");
      return NULL;
    }

  /* RT shows a group only to those who may see it. */
  if (json_array_get_length (json_node_get_array (items)) == 0)
    {
      g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_CONFIG,
                   _("The ticket service has no group “%s” that this account may see."),
                   self->technician_group);
      return NULL;
    }

  {
    JsonNode *first = json_array_get_element (json_node_get_array (items), 0);

    if (!JSON_NODE_HOLDS_OBJECT (first))
      {
        malformed (error, "a group is not an object");
        return NULL;
      }
    if (!get_string (json_node_get_object (first), "id", TRUE, &id, error))
      return NULL;
    if (!is_positive_integer (id))
      {
        g_free (id);
        malformed (error, "a group id is not a number");
        return NULL;
      }
  }

  return id;
}

/* The user ids of the group's members, sub-groups' members too. */
static GPtrArray *
list_members (OnsiteRtConnector  *self,
              const char         *group_id,
              GCancellable       *cancellable,
              GError            **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  guint page = 1;

  while (page > 0)
    {
      g_auto(Response) response = { 0, };
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *path = g_strdup_printf ("group/%s/members?recursively=1&per_page=%d&page=%u",
                                               group_id, PER_PAGE, page);
      JsonArray *array;
      JsonNode *items;
      gint64 pages = 0;

      if (!request (self, "GET", path, NULL, NULL, &response, cancellable, error))
        return NULL;
      if (response.status == 403)
        {
          g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_REFUSED,
                       _("The ticket service does not let this account see who is in the group “%s”: Request Tracker asks for the AdminGroupMembership right on it."),
                       self->technician_group);
          return NULL;
        }
      if (response.status != 200)
        {
          unexpected_status (&response, error);
          return NULL;
        }
      if (!(root = response_json (&response, error)))
        return NULL;
      if (!JSON_NODE_HOLDS_OBJECT (root) ||
          !(items = json_object_get_member (json_node_get_object (root), "items")) ||
          !JSON_NODE_HOLDS_ARRAY (items))
        {
          malformed (error, "a member list has no items");
          return NULL;
        }

      array = json_node_get_array (items);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *e = json_array_get_element (array, i);
          g_autofree char *type = NULL;
          g_autofree char *id = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (e) ||
              !get_string (json_node_get_object (e), "type", TRUE, &type, error) ||
              !get_string (json_node_get_object (e), "id", TRUE, &id, error))
            {
              if (error && *error == NULL)
                malformed (error, "a member is not an object");
              return NULL;
            }

          /* Sub-groups are listed too: their people come separately. */
          if (g_str_equal (type, "user") && is_positive_integer (id))
            g_ptr_array_add (ids, g_steal_pointer (&id));
        }

      if (json_array_get_length (array) > 0 &&
          get_count (json_node_get_object (root), "pages", &pages) && page < pages)
        page++;
      else
        page = 0;
    }

  return g_steal_pointer (&ids);
}

static void
list_technicians_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  OnsiteRtConnector *self = source_object;
  g_autoptr(GPtrArray) technicians = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *group_id = NULL;
  GError *error = NULL;

  technicians = g_ptr_array_new_with_free_func ((GDestroyNotify)onsite_remote_technician_free);

  if (self->technician_group == NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&technicians), (GDestroyNotify)g_ptr_array_unref);
      return;
    }

  if (!(group_id = find_group (self, cancellable, &error)) ||
      !(ids = list_members (self, group_id, cancellable, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      g_auto(Response) response = { 0, };
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *path = g_strdup_printf ("user/%s", (char *)g_ptr_array_index (ids, i));
      g_autofree char *name = NULL;
      g_autofree char *real_name = NULL;
      g_autofree char *email = NULL;
      g_autofree char *disabled = NULL;
      JsonObject *user;

      if (!request (self, "GET", path, NULL, NULL, &response, cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      if (response.status != 200)
        {
          unexpected_status (&response, &error);
          g_task_return_error (task, error);
          return;
        }
      if (!(root = response_json (&response, &error)) || !JSON_NODE_HOLDS_OBJECT (root))
        {
          if (error == NULL)
            malformed (&error, "a user is not an object");
          g_task_return_error (task, error);
          return;
        }

      user = json_node_get_object (root);
      if (!get_string (user, "Name", TRUE, &name, &error) ||
          !get_string (user, "RealName", FALSE, &real_name, &error) ||
          !get_string (user, "EmailAddress", FALSE, &email, &error) ||
          !get_string (user, "Disabled", FALSE, &disabled, &error))
        {
          g_task_return_error (task, error);
          return;
        }

      /* A disabled account is nobody to send. */
      if (g_str_equal (disabled, "1") || *name == '\0')
        continue;

      g_ptr_array_add (technicians, onsite_remote_technician_new (name, real_name, email));
    }

  g_task_return_pointer (task, g_steal_pointer (&technicians), (GDestroyNotify)g_ptr_array_unref);
}

static void
onsite_rt_connector_list_technicians_async (OnsiteConnector     *connector,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (connector, cancellable, callback, user_data);

  g_task_set_source_tag (task, onsite_rt_connector_list_technicians_async);
  g_task_run_in_thread (task, list_technicians_thread);
}

static GPtrArray *
onsite_rt_connector_list_technicians_finish (OnsiteConnector  *connector,
                                             GAsyncResult     *result,
                                             GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connector), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static const char *
onsite_rt_connector_get_name (OnsiteConnector *connector)
{
  return "rt";
}

static void
onsite_rt_connector_test_connection_async (OnsiteConnector     *connector,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (connector, cancellable, callback, user_data);

  g_task_set_source_tag (task, onsite_rt_connector_test_connection_async);
  g_task_run_in_thread (task, test_connection_thread);
}

static gboolean
onsite_rt_connector_test_connection_finish (OnsiteConnector  *connector,
                                            GAsyncResult     *result,
                                            GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connector), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
onsite_rt_connector_pull_async (OnsiteConnector     *connector,
                                gint64               since,
                                guint                page,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (connector, cancellable, callback, user_data);
  gint64 *args = g_new (gint64, 2);

  args[0] = since;
  args[1] = page;
  g_task_set_source_tag (task, onsite_rt_connector_pull_async);
  g_task_set_task_data (task, args, g_free);
  g_task_run_in_thread (task, pull_thread);
}

static OnsitePullPage *
onsite_rt_connector_pull_finish (OnsiteConnector  *connector,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connector), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
onsite_rt_connector_list_active_async (OnsiteConnector     *connector,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (connector, cancellable, callback, user_data);

  g_task_set_source_tag (task, onsite_rt_connector_list_active_async);
  g_task_run_in_thread (task, list_active_thread);
}

static GStrv
onsite_rt_connector_list_active_finish (OnsiteConnector  *connector,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connector), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
onsite_rt_connector_fetch_async (OnsiteConnector     *connector,
                                 const char          *remote_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (connector, cancellable, callback, user_data);

  g_task_set_source_tag (task, onsite_rt_connector_fetch_async);
  g_task_set_task_data (task, g_strdup (remote_id), g_free);
  g_task_run_in_thread (task, fetch_thread);
}

static OnsiteRemoteTicket *
onsite_rt_connector_fetch_finish (OnsiteConnector  *connector,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connector), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static OnsiteChange *
change_copy (const OnsiteChange *change)
{
  OnsiteChange *copy = g_new0 (OnsiteChange, 1);

  *copy = *change;
  copy->remote_id = g_strdup (change->remote_id);
  copy->kind = g_strdup (change->kind);
  copy->payload = g_strdup (change->payload ? change->payload : "");
  copy->idempotency_key = g_strdup (change->idempotency_key);

  return copy;
}

static void
onsite_rt_connector_push_async (OnsiteConnector     *connector,
                                const OnsiteChange  *change,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (connector, cancellable, callback, user_data);

  g_task_set_source_tag (task, onsite_rt_connector_push_async);
  g_task_set_task_data (task, change_copy (change), (GDestroyNotify)onsite_change_free);
  g_task_run_in_thread (task, push_thread);
}

static OnsitePushResult *
onsite_rt_connector_push_finish (OnsiteConnector  *connector,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connector), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
connector_iface_init (OnsiteConnectorInterface *iface)
{
  iface->get_name = onsite_rt_connector_get_name;
  iface->test_connection_async = onsite_rt_connector_test_connection_async;
  iface->test_connection_finish = onsite_rt_connector_test_connection_finish;
  iface->pull_async = onsite_rt_connector_pull_async;
  iface->pull_finish = onsite_rt_connector_pull_finish;
  iface->list_active_async = onsite_rt_connector_list_active_async;
  iface->list_active_finish = onsite_rt_connector_list_active_finish;
  iface->fetch_async = onsite_rt_connector_fetch_async;
  iface->fetch_finish = onsite_rt_connector_fetch_finish;
  iface->push_async = onsite_rt_connector_push_async;
  iface->push_finish = onsite_rt_connector_push_finish;
  iface->list_technicians_async = onsite_rt_connector_list_technicians_async;
  iface->list_technicians_finish = onsite_rt_connector_list_technicians_finish;
}
