/* onsite-store-vendor-csv.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-store-vendor"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onsite-store-private.h"
#include "onsite-store-vendor.h"

/*
 * Importing the vendor directory from a spreadsheet. One file holds all
 * three kinds of rows, told apart by the "kind" column:
 *
 *   kind,vendor,name,website,categories,role,phone,email,escalation,number,
 *   valid_from,valid_until,response_minutes,resolution_minutes,
 *   business_hours,holidays,timezone,pauses_sla,covers
 *
 *   vendor,Stampa Sicura,,https://…,printer;copier
 *   contact,Stampa Sicura,Roberto Sala,,,Area manager,+39 …,r.sala@…,yes
 *   contract,Stampa Sicura,,,,,,,,SS-0117,2026-01-01,2027-12-31,240,1440,
 *     mon-fri 08:30-17:30,2026-12-24;12-25,Europe/Rome,yes,printer/M507
 *
 * Columns may come in any order and all but kind and vendor may be left
 * out. Lists (categories, holidays, covers) are separated by ";" or "|".
 * A row naming an existing vendor, contact (same vendor and name) or
 * contract (same vendor and number) updates it. Files exported with ";"
 * between fields (as spreadsheets do where "," is the decimal comma) are
 * read too.
 *
 * The whole file is one transaction: every line is checked, every problem
 * is reported with its line number, and if there is any, nothing is kept.
 */

#define MAX_REPORTED 20

typedef enum
{
  COL_KIND,
  COL_VENDOR,
  COL_NAME,
  COL_WEBSITE,
  COL_CATEGORIES,
  COL_ROLE,
  COL_PHONE,
  COL_EMAIL,
  COL_ESCALATION,
  COL_NUMBER,
  COL_VALID_FROM,
  COL_VALID_UNTIL,
  COL_RESPONSE_MINUTES,
  COL_RESOLUTION_MINUTES,
  COL_BUSINESS_HOURS,
  COL_HOLIDAYS,
  COL_TIMEZONE,
  COL_PAUSES_SLA,
  COL_COVERS,
  N_COLUMNS
} Column;

static const char * const column_names[N_COLUMNS] = {
  "kind", "vendor", "name", "website", "categories", "role", "phone", "email",
  "escalation", "number", "valid_from", "valid_until", "response_minutes",
  "resolution_minutes", "business_hours", "holidays", "timezone", "pauses_sla",
  "covers",
};

typedef struct
{
  guint      line;
  GPtrArray *fields;
} Record;

static void
record_free (Record *record)
{
  g_ptr_array_unref (record->fields);
  g_free (record);
}

/*
 * RFC 4180 with the usual leniencies: CRLF or LF, a UTF-8 byte order mark,
 * quotes only around whole fields. A record remembers the line it starts
 * on, so that errors point where a person looks in an editor.
 */
static GPtrArray *
split_records (const char  *data,
               gsize        length,
               char         separator,
               GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify)record_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = data;
  const char *end = data + length;
  Record *record = NULL;
  guint line = 1;
  gboolean quoted = FALSE;
  gboolean was_quoted = FALSE;
  guint quote_line = 0;

  if (length >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;

  while (p <= end)
    {
      char c = p < end ? *p : '\0';
      gboolean at_end = p == end;

      if (record == NULL && !at_end)
        {
          record = g_new0 (Record, 1);
          record->line = line;
          record->fields = g_ptr_array_new_with_free_func (g_free);
        }

      if (quoted)
        {
          if (at_end)
            {
              g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_IMPORT,
                           _("Nothing was imported: the quote opened on line %u is never closed."),
                           quote_line);
              if (record)
                record_free (record);
              return NULL;
            }
          if (c == '"' && p + 1 < end && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p += 2;
              continue;
            }
          if (c == '"')
            {
              quoted = FALSE;
              p++;
              continue;
            }
          if (c == '\n')
            line++;
          g_string_append_c (field, c);
          p++;
          continue;
        }

      if (c == '"' && field->len == 0 && !was_quoted)
        {
          quoted = TRUE;
          was_quoted = TRUE;
          quote_line = line;
          p++;
          continue;
        }

      if (c == separator)
        {
          g_ptr_array_add (record->fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          was_quoted = FALSE;
          p++;
          continue;
        }

      if (c == '\r' && p + 1 < end && p[1] == '\n')
        {
          p++;
          continue;
        }

      if (c == '\n' || at_end)
        {
          if (record != NULL)
            {
              g_ptr_array_add (record->fields, g_strdup (field->str));
              g_ptr_array_add (records, record);
              record = NULL;
            }
          g_string_truncate (field, 0);
          was_quoted = FALSE;
          line++;
          p++;
          continue;
        }

      g_string_append_c (field, c);
      p++;
    }

  return g_steal_pointer (&records);
}

static gboolean
record_is_empty (Record *record)
{
  for (guint i = 0; i < record->fields->len; i++)
    {
      const char *f = g_ptr_array_index (record->fields, i);

      for (; *f; f++)
        if (!g_ascii_isspace (*f))
          return FALSE;
    }

  return TRUE;
}

typedef struct
{
  OnsiteStore             *store;
  int                      columns[N_COLUMNS];   /* index in a record, or -1 */
  Record                  *record;
  GString                 *problems;
  guint                    n_problems;
  OnsiteVendorImportStats *stats;
} Import;

/* Where a running import tells how far it got; see import_csv(). */
typedef void (*ImportProgressFunc) (guint    done,
                                    guint    total,
                                    gpointer user_data);

static void
problem (Import     *import,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static void
problem (Import     *import,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  import->n_problems++;
  if (import->n_problems > MAX_REPORTED)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: "Line 7: <what is wrong>" */
  g_string_append_printf (import->problems, _("Line %u: %s"), import->record->line, message);
  g_string_append_c (import->problems, '\n');
}

/* The field, trimmed; "" when the column is absent. */
static char *
get (Import *import,
     Column  column)
{
  int index = import->columns[column];

  if (index < 0 || (guint)index >= import->record->fields->len)
    return g_strdup ("");

  return g_strstrip (g_strdup (g_ptr_array_index (import->record->fields, index)));
}

static GStrv
get_list (Import *import,
          Column  column)
{
  g_autofree char *text = get (import, column);
  g_auto(GStrv) parts = g_strsplit_set (text, ";|", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i]; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i])
        g_strv_builder_add (builder, parts[i]);
    }

  return g_strv_builder_end (builder);
}

static gboolean
get_bool (Import   *import,
          Column    column,
          gboolean  fallback,
          gboolean *value)
{
  static const char * const yes[] = { "yes", "y", "true", "1", "x", "si", "sì", "ja", "oui", NULL };
  static const char * const no[] = { "no", "n", "false", "0", "nein", "non", NULL };
  g_autofree char *text = get (import, column);
  g_autofree char *lower = g_utf8_strdown (text, -1);

  if (*lower == '\0')
    {
      *value = fallback;
      return TRUE;
    }
  if (g_strv_contains (yes, lower))
    {
      *value = TRUE;
      return TRUE;
    }
  if (g_strv_contains (no, lower))
    {
      *value = FALSE;
      return TRUE;
    }

  problem (import, _("%s must be yes or no, not “%s”."), column_names[column], text);
  return FALSE;
}

/* "240", "240 min", "4 h", "4h30" */
static gboolean
get_minutes (Import *import,
             Column  column,
             int    *minutes)
{
  g_autofree char *text = get (import, column);
  const char *p = text;
  char *endp;
  gint64 value;

  if (*text == '\0')
    {
      problem (import, _("a contract needs %s."), column_names[column]);
      return FALSE;
    }

  value = g_ascii_strtoll (p, &endp, 10);
  if (endp == p || value <= 0 || value > 60 * 24 * 366)
    goto bad;
  p = endp;
  while (*p == ' ')
    p++;

  if (*p == 'h')
    {
      value *= 60;
      p++;
      if (g_ascii_isdigit (*p))
        {
          gint64 extra = g_ascii_strtoll (p, &endp, 10);

          if (extra >= 60)
            goto bad;
          value += extra;
          p = endp;
        }
    }
  else if (g_str_has_prefix (p, "min"))
    p += 3;
  else if (*p == 'm')
    p++;

  if (*p != '\0')
    goto bad;

  *minutes = value;
  return TRUE;

bad:
  problem (import, _("%s must be a number of minutes (such as 240) or hours (such as 4h), not “%s”."),
           column_names[column], text);
  return FALSE;
}

/* A day, from its first second in @tz; with @next, the first second of the next day. */
static gboolean
get_date (Import     *import,
          Column      column,
          GTimeZone  *tz,
          gboolean    next,
          gint64     *value)
{
  g_autofree char *text = get (import, column);
  g_autoptr(GDateTime) dt = NULL;
  guint y, m, d;
  char tail;

  if (sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3 || strlen (text) != 10 ||
      !g_date_valid_dmy (d, m, y))
    {
      if (*text == '\0')
        problem (import, _("a contract needs %s (a date such as 2026-01-31)."), column_names[column]);
      else
        problem (import, _("%s must be a date such as 2026-01-31, not “%s”."), column_names[column], text);
      return FALSE;
    }

  dt = g_date_time_new (tz, y, m, d, 0, 0, 0);
  if (next)
    {
      GDateTime *after = g_date_time_add_days (dt, 1);

      g_date_time_unref (dt);
      dt = after;
    }
  *value = g_date_time_to_unix (dt);

  return TRUE;
}

static gint64
find_id (OnsiteStore *store,
         const char  *sql,
         gint64       vendor_id,
         const char  *text)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  if (!(stmt = _onsite_store_prepare (store, sql, NULL)))
    return 0;

  sqlite3_bind_int64 (stmt, 1, vendor_id);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return id;
}

static void
import_vendor (Import     *import,
               const char *vendor_name,
               gint64      vendor_id)
{
  g_autofree char *website = get (import, COL_WEBSITE);
  g_auto(GStrv) categories = get_list (import, COL_CATEGORIES);
  g_autoptr(GError) error = NULL;

  if (vendor_id > 0)
    {
      g_autoptr(OnsiteVendorInfo) existing = onsite_store_get_vendor (import->store, vendor_id, &error);

      if (existing == NULL ||
          !onsite_store_update_vendor (import->store, vendor_id, vendor_name,
                                       *website ? website : onsite_vendor_info_get_website (existing),
                                       categories[0] ? (const char * const *)categories : NULL,
                                       &error))
        problem (import, "%s", error->message);
      else
        import->stats->vendors_updated++;
    }
  else
    {
      OnsiteVendor vendor = {
        .name = vendor_name,
        .website = website,
        .categories = (const char * const *)categories,
      };

      if (!onsite_store_insert_vendor (import->store, &vendor, &error))
        problem (import, "%s", error->message);
      else
        import->stats->vendors_added++;
    }
}

static void
import_contact (Import *import,
                gint64  vendor_id)
{
  static const char find_sql[] =
    "SELECT id FROM vendor_contacts WHERE vendor_id = ?1 AND name = ?2 COLLATE NOCASE";
  g_autofree char *name = get (import, COL_NAME);
  g_autofree char *role = get (import, COL_ROLE);
  g_autofree char *phone = get (import, COL_PHONE);
  g_autofree char *email = get (import, COL_EMAIL);
  g_autoptr(GError) error = NULL;
  OnsiteVendorContact contact = { name, role, phone, email, FALSE };
  gint64 id;

  if (!get_bool (import, COL_ESCALATION, FALSE, &contact.escalation))
    return;

  if (*name == '\0')
    {
      problem (import, _("a contact needs a name (a person or a desk)."));
      return;
    }

  if ((id = find_id (import->store, find_sql, vendor_id, name)) > 0)
    {
      if (!onsite_store_update_vendor_contact (import->store, id, &contact, &error))
        problem (import, "%s", error->message);
      else
        import->stats->contacts_updated++;
    }
  else if (!onsite_store_add_vendor_contact (import->store, vendor_id, &contact, &error))
    problem (import, "%s", error->message);
  else
    import->stats->contacts_added++;
}

static void
import_contract (Import *import,
                 gint64  vendor_id)
{
  static const char find_sql[] =
    "SELECT id FROM vendor_contracts WHERE vendor_id = ?1 AND number = ?2";
  g_autofree char *number = get (import, COL_NUMBER);
  g_autofree char *hours = get (import, COL_BUSINESS_HOURS);
  g_autofree char *holidays = get (import, COL_HOLIDAYS);
  g_autofree char *timezone = get (import, COL_TIMEZONE);
  g_auto(GStrv) covers = get_list (import, COL_COVERS);
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GError) error = NULL;
  OnsiteVendorContract contract = { 0, };
  gboolean ok = TRUE;
  gint64 id;

  if (*number == '\0')
    {
      problem (import, _("a contract needs a number."));
      ok = FALSE;
    }

  if (!(tz = onsite_time_zone_from_id (timezone, &error)))
    {
      problem (import, "%s", error->message);
      return;
    }

  ok &= get_date (import, COL_VALID_FROM, tz, FALSE, &contract.valid_from);
  ok &= get_date (import, COL_VALID_UNTIL, tz, TRUE, &contract.valid_until);
  ok &= get_minutes (import, COL_RESPONSE_MINUTES, &contract.response_minutes);
  ok &= get_minutes (import, COL_RESOLUTION_MINUTES, &contract.resolution_minutes);
  ok &= get_bool (import, COL_PAUSES_SLA, TRUE, &contract.pauses_sla);
  if (!ok)
    return;

  contract.number = number;
  contract.business_hours = *hours ? hours : "mon-fri 08:00-18:00";
  contract.holidays = holidays;
  contract.timezone = timezone;
  contract.covers = (const char * const *)covers;

  if ((id = find_id (import->store, find_sql, vendor_id, number)) > 0)
    {
      if (!onsite_store_update_vendor_contract (import->store, id, &contract, &error))
        problem (import, "%s", error->message);
      else
        import->stats->contracts_updated++;
    }
  else if (!onsite_store_add_vendor_contract (import->store, vendor_id, &contract, &error))
    problem (import, "%s", error->message);
  else
    import->stats->contracts_added++;
}

static gboolean
read_header (Import  *import,
             Record  *header)
{
  for (guint c = 0; c < N_COLUMNS; c++)
    import->columns[c] = -1;

  for (guint i = 0; i < header->fields->len; i++)
    {
      g_autofree char *name = g_ascii_strdown (g_strstrip (g_strdup (g_ptr_array_index (header->fields, i))), -1);
      gboolean known = FALSE;

      g_strdelimit (name, " -", '_');
      if (*name == '\0')
        continue;

      for (guint c = 0; c < N_COLUMNS; c++)
        {
          if (g_str_equal (name, column_names[c]))
            {
              if (import->columns[c] >= 0)
                problem (import, _("the column “%s” appears twice."), name);
              import->columns[c] = i;
              known = TRUE;
            }
        }

      if (!known)
        problem (import, _("“%s” is not a column Onsite knows; the columns are kind, vendor, name, website, categories, role, phone, email, escalation, number, valid_from, valid_until, response_minutes, resolution_minutes, business_hours, holidays, timezone, pauses_sla and covers."),
                 name);
    }

  if (import->columns[COL_KIND] < 0 || import->columns[COL_VENDOR] < 0)
    problem (import, _("the first line must name the columns, with at least “kind” and “vendor”."));

  return import->n_problems == 0;
}

/*
 * The import itself, on whichever thread owns @self. @progress (nullable)
 * hears of every line read, on that thread; @cancellable (nullable) stops
 * it between two lines, and then nothing is kept.
 */
static gboolean
import_csv (OnsiteStore              *self,
            const char               *data,
            gssize                    length,
            ImportProgressFunc        progress,
            gpointer                  progress_data,
            GCancellable             *cancellable,
            OnsiteVendorImportStats  *stats,
            GError                  **error);

/**
 * onsite_store_import_vendors_csv:
 * @data: the file's contents, UTF-8
 * @length: its length, or -1 if nul-terminated
 * @stats: (out) (optional): what was added and updated
 *
 * Imports vendors, contacts and contracts from CSV (the format is in this
 * file's comment). Everything or nothing: if any line is wrong, @error
 * (%ONSITE_VENDOR_ERROR_IMPORT) names each wrong line and the store is
 * left as it was.
 *
 * Returns: %TRUE if the whole file was imported
 */
gboolean
onsite_store_import_vendors_csv (OnsiteStore              *self,
                                 const char               *data,
                                 gssize                    length,
                                 OnsiteVendorImportStats  *stats,
                                 GError                  **error)
{
  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  return import_csv (self, data, length, NULL, NULL, NULL, stats, error);
}

static gboolean
import_csv (OnsiteStore              *self,
            const char               *data,
            gssize                    length,
            ImportProgressFunc        progress,
            gpointer                  progress_data,
            GCancellable             *cancellable,
            OnsiteVendorImportStats  *stats,
            GError                  **error)
{
  OnsiteVendorImportStats local_stats = { 0, };
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  Import import = { self, { 0, }, NULL, problems, 0, &local_stats };
  const char *first_line_end;
  char separator = ',';

  if (length < 0)
    length = strlen (data);

  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_IMPORT,
                   _("Nothing was imported: the file is not UTF-8 text. Save it from the spreadsheet as “CSV UTF-8”."));
      return FALSE;
    }

  /* A header with semicolons and no commas: a spreadsheet's European CSV. */
  first_line_end = memchr (data, '\n', length);
  {
    gsize n = first_line_end ? (gsize)(first_line_end - data) : (gsize)length;

    if (memchr (data, ';', n) && !memchr (data, ',', n))
      separator = ';';
  }

  if (!(records = split_records (data, length, separator, error)))
    return FALSE;

  if (records->len == 0)
    {
      g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_IMPORT,
                   _("Nothing was imported: the file is empty."));
      return FALSE;
    }

  import.record = g_ptr_array_index (records, 0);
  if (!read_header (&import, import.record))
    {
      g_strchomp (problems->str);
      g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_IMPORT,
                   _("Nothing was imported: %s"), problems->str);
      return FALSE;
    }

  if (!onsite_store_begin (self, error))
    return FALSE;

  for (guint i = 1; i < records->len; i++)
    {
      g_autofree char *kind = NULL;
      g_autofree char *vendor_name = NULL;
      g_autoptr(GError) local_error = NULL;
      gint64 vendor_id;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          onsite_store_rollback (self);
          return FALSE;
        }

      if (progress)
        progress (i, records->len - 1, progress_data);

      import.record = g_ptr_array_index (records, i);
      if (record_is_empty (import.record))
        continue;

      kind = get (&import, COL_KIND);
      vendor_name = get (&import, COL_VENDOR);

      if (*vendor_name == '\0')
        {
          problem (&import, _("the vendor column is empty."));
          continue;
        }

      vendor_id = onsite_store_find_vendor (self, vendor_name, &local_error);
      if (local_error)
        {
          problem (&import, "%s", local_error->message);
          continue;
        }

      if (g_ascii_strcasecmp (kind, "vendor") == 0)
        import_vendor (&import, vendor_name, vendor_id);
      else if (g_ascii_strcasecmp (kind, "contact") != 0 && g_ascii_strcasecmp (kind, "contract") != 0)
        problem (&import, _("the kind must be vendor, contact or contract, not “%s”."), kind);
      else if (vendor_id == 0)
        problem (&import, _("there is no vendor “%s”; add a vendor line for it before its %ss."),
                 vendor_name, kind);
      else if (g_ascii_strcasecmp (kind, "contact") == 0)
        import_contact (&import, vendor_id);
      else
        import_contract (&import, vendor_id);
    }

  if (import.n_problems > 0)
    {
      onsite_store_rollback (self);

      if (import.n_problems > MAX_REPORTED)
        g_string_append_printf (problems, _("…and %u more."), import.n_problems - MAX_REPORTED);
      g_strchomp (problems->str);

      g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_IMPORT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Nothing was imported: the file has %u problem.\n%s",
                                "Nothing was imported: the file has %u problems.\n%s",
                                import.n_problems),
                   import.n_problems, problems->str);
      return FALSE;
    }

  if (!onsite_store_commit (self, error))
    return FALSE;

  if (stats)
    *stats = local_stats;

  return TRUE;
}

/**
 * onsite_store_import_vendors_file:
 *
 * Reads @file and imports it with onsite_store_import_vendors_csv().
 */
gboolean
onsite_store_import_vendors_file (OnsiteStore              *self,
                                  GFile                    *file,
                                  OnsiteVendorImportStats  *stats,
                                  GError                  **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return FALSE;

  return onsite_store_import_vendors_csv (self, contents, length, stats, error);
}

/* Off the main thread ------------------------------------------------------- */

typedef struct
{
  GFile                   *file;
  char                    *db_path;
  GMainContext            *context;
  OnsiteVendorImportProgress progress;
  gpointer                 progress_data;
  GDestroyNotify           progress_destroy;
  OnsiteVendorImportStats  stats;
  /* The last line reported and whether a report is on its way to the
   * caller's thread: at most one at a time, so a long file does not
   * flood the main loop. */
  gint                     done;
  gint                     total;
  gint                     report_queued;
  gint64                   last_report;
} ImportJob;

/* May run in the worker: the progress data went with completion. */
static void
import_job_free (ImportJob *job)
{
  g_clear_object (&job->file);
  g_free (job->db_path);
  g_main_context_unref (job->context);
  g_free (job);
}

/* In the caller's context, right after its callback. */
static void
import_completed_cb (GTask      *task,
                     GParamSpec *pspec,
                     gpointer    user_data)
{
  ImportJob *job = g_task_get_task_data (task);
  GDestroyNotify destroy = g_steal_pointer (&job->progress_destroy);

  job->progress = NULL;
  if (destroy)
    destroy (g_steal_pointer (&job->progress_data));
}

static gboolean
report_progress_cb (gpointer data)
{
  GTask *task = data;
  ImportJob *job = g_task_get_task_data (task);

  g_atomic_int_set (&job->report_queued, 0);
  if (job->progress && !g_task_get_completed (task))
    job->progress ((guint)g_atomic_int_get (&job->done), (guint)g_atomic_int_get (&job->total),
                   job->progress_data);

  return G_SOURCE_REMOVE;
}

static void
import_thread_progress (guint    done,
                        guint    total,
                        gpointer user_data)
{
  GTask *task = user_data;
  ImportJob *job = g_task_get_task_data (task);
  gint64 now = g_get_monotonic_time ();

  g_atomic_int_set (&job->done, (gint)done);
  g_atomic_int_set (&job->total, (gint)total);

  /* Ten reports a second are plenty for a progress bar. */
  if (job->progress == NULL || (done < total && now - job->last_report < G_USEC_PER_SEC / 10))
    return;
  job->last_report = now;

  if (g_atomic_int_compare_and_exchange (&job->report_queued, 0, 1))
    g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, report_progress_cb,
                                g_object_ref (task), g_object_unref);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(OnsiteStore) store = NULL;
  g_autofree char *contents = NULL;
  GError *error = NULL;
  gsize length;

  if (!g_file_load_contents (job->file, cancellable, &contents, &length, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* OnsiteStore is one SQLite connection, used by one thread: the import
   * gets its own on the same file, as the sync engine does. */
  if (!(store = onsite_store_open (job->db_path, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  if (!import_csv (store, contents, length, import_thread_progress, task, cancellable,
                   &job->stats, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * onsite_store_import_vendors_file_async:
 * @progress: (nullable) (scope notified): told of the lines read so far, in
 *   the thread-default main context of the caller
 * @progress_destroy: (nullable): frees @progress_data when the import is done
 *
 * Reads @file and imports it as onsite_store_import_vendors_csv() does, in
 * a worker thread with its own connection to @self's file, so the caller's
 * main loop never waits on the parsing or the writing. Cancelling
 * @cancellable stops it between two lines, and nothing is kept.
 */
void
onsite_store_import_vendors_file_async (OnsiteStore                *self,
                                        GFile                      *file,
                                        OnsiteVendorImportProgress  progress,
                                        gpointer                    progress_data,
                                        GDestroyNotify              progress_destroy,
                                        GCancellable               *cancellable,
                                        GAsyncReadyCallback         callback,
                                        gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;
  const char *path;

  g_return_if_fail (ONSITE_IS_STORE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onsite_store_import_vendors_file_async);
  g_task_set_return_on_cancel (task, FALSE);

  job = g_new0 (ImportJob, 1);
  job->file = g_object_ref (file);
  job->context = g_main_context_ref_thread_default ();
  job->progress = progress;
  job->progress_data = progress_data;
  job->progress_destroy = progress_destroy;
  g_task_set_task_data (task, job, (GDestroyNotify)import_job_free);
  g_signal_connect (task, "notify::completed", G_CALLBACK (import_completed_cb), NULL);

  path = onsite_store_get_path (self);
  if (path == NULL || *path == '\0' || g_strcmp0 (path, ":memory:") == 0)
    {
      g_task_return_new_error (task, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_IMPORT,
                               _("Nothing was imported: this store has no file a second connection could open."));
      return;
    }
  job->db_path = g_strdup (path);

  g_task_run_in_thread (task, import_thread);
}

/**
 * onsite_store_import_vendors_file_finish:
 * @stats: (out) (optional): what was added and updated
 *
 * Returns: %TRUE if the whole file was imported; otherwise @error says why
 *   (every wrong line, with its number, for %ONSITE_VENDOR_ERROR_IMPORT;
 *   %G_IO_ERROR_CANCELLED when it was cancelled)
 */
gboolean
onsite_store_import_vendors_file_finish (OnsiteStore              *self,
                                         GAsyncResult             *result,
                                         OnsiteVendorImportStats  *stats,
                                         GError                  **error)
{
  ImportJob *job;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == onsite_store_import_vendors_file_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  job = g_task_get_task_data (G_TASK (result));
  if (stats)
    *stats = job->stats;

  return TRUE;
}
