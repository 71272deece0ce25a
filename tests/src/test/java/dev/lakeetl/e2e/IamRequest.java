package dev.lakeetl.e2e;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One AWS authorization a deployed job or tool needs: an IAM action on a resource, with the request
 * context that policies may test, and what it was derived from. The mappings turn what the
 * stand-ins recorded (S3 requests, catalog calls) into the authorizations AWS would check for them.
 *
 * @param action e.g. {@code s3:GetObject}
 * @param resource the ARN AWS authorizes the action on
 * @param context request context keys, e.g. {@code aws:SecureTransport}
 * @param origin the recorded call it comes from, for messages
 */
record IamRequest(String action, String resource, Map<String, String> context, String origin) {
  /** S3 over TLS, as every AWS SDK and S3A client connects on AWS. */
  static final Map<String, String> TLS = Map.of("aws:SecureTransport", "true");

  IamRequest {
    requireNonNull(action, "action is null");
    requireNonNull(resource, "resource is null");
    context = Map.copyOf(requireNonNull(context, "context is null"));
    requireNonNull(origin, "origin is null");
  }

  @Override
  public String toString() {
    return action
        + " on "
        + resource
        + (context.isEmpty() ? "" : " " + context)
        + " ("
        + origin
        + ")";
  }

  /** The authorizations S3 checks for one request (path-style: {@code /bucket/key}). */
  static List<IamRequest> ofS3(S3RequestLog.Request request) {
    String origin = request.toString();
    String bucket = "arn:aws:s3:::" + request.bucket();
    String object = bucket + "/" + request.key();
    List<IamRequest> needed = new ArrayList<>();
    String method = request.method().toUpperCase(Locale.ROOT);
    if (request.key().isEmpty()) {
      if (method.equals("POST") && request.hasParameter("delete")) {
        for (String key : request.deletedKeys()) {
          needed.add(new IamRequest("s3:DeleteObject", bucket + "/" + key, TLS, origin));
        }
      } else if (request.hasParameter("location")) {
        needed.add(new IamRequest("s3:GetBucketLocation", bucket, TLS, origin));
      } else if (request.hasParameter("uploads")) {
        needed.add(new IamRequest("s3:ListBucketMultipartUploads", bucket, TLS, origin));
      } else if (method.equals("GET") || method.equals("HEAD")) {
        needed.add(new IamRequest("s3:ListBucket", bucket, TLS, origin));
      } else if (method.equals("PUT")) {
        needed.add(new IamRequest("s3:CreateBucket", bucket, TLS, origin));
      } else if (method.equals("DELETE")) {
        needed.add(new IamRequest("s3:DeleteBucket", bucket, TLS, origin));
      } else {
        throw new AssertionError("No IAM action known for the S3 request " + origin);
      }
      return needed;
    }
    switch (method) {
      case "GET", "HEAD" -> {
        if (request.hasParameter("uploadId")) {
          needed.add(new IamRequest("s3:ListMultipartUploadParts", object, TLS, origin));
        } else {
          needed.add(new IamRequest("s3:GetObject", object, TLS, origin));
        }
      }
      case "PUT", "POST" -> {
        needed.add(new IamRequest("s3:PutObject", object, TLS, origin));
        if (!request.copySource().isEmpty()) {
          needed.add(
              new IamRequest("s3:GetObject", "arn:aws:s3:::" + request.copySource(), TLS, origin));
        }
      }
      case "DELETE" -> {
        if (request.hasParameter("uploadId")) {
          needed.add(new IamRequest("s3:AbortMultipartUpload", object, TLS, origin));
        } else {
          needed.add(new IamRequest("s3:DeleteObject", object, TLS, origin));
        }
      }
      default -> throw new AssertionError("No IAM action known for the S3 request " + origin);
    }
    return needed;
  }

  /**
   * The Glue Data Catalog authorizations of one metastore call: the Glue catalog client of Glue and
   * EMR (the Hive metastore client they configure) makes each call a Glue API request, and Glue
   * authorizes a table request on the catalog, the database and the table.
   *
   * @param catalog {@code arn:aws:glue:<region>:<account>}
   */
  static List<IamRequest> ofCatalogCall(DeployedRuntime.CatalogCall call, String catalog) {
    String function = call.function();
    String database = call.database();
    String origin =
        "metastore "
            + function
            + " "
            + database
            + (call.table().isEmpty() ? "" : "." + call.table());
    String action;
    String table;
    if (function.equals("get_database")) {
      action = "glue:GetDatabase";
      table = null;
    } else if (function.equals("get_databases") || function.equals("get_all_databases")) {
      action = "glue:GetDatabases";
      table = null;
      database = "*";
    } else if (function.equals("create_database")) {
      action = "glue:CreateDatabase";
      table = null;
    } else if (function.equals("get_table") || function.startsWith("get_table_objects")) {
      action = "glue:GetTable";
      table = call.table();
    } else if (function.startsWith("get_tables")
        || function.equals("get_all_tables")
        || function.startsWith("get_table_names")
        || function.startsWith("get_table_meta")) {
      action = "glue:GetTables";
      table = "*";
    } else if (function.startsWith("create_table")) {
      action = "glue:CreateTable";
      table = call.table();
    } else if (function.startsWith("alter_table")) {
      action = "glue:UpdateTable";
      table = call.table();
    } else if (function.startsWith("drop_table")) {
      action = "glue:DeleteTable";
      table = call.table();
    } else if (function.startsWith("add_partitions")) {
      action = "glue:BatchCreatePartition";
      table = call.table();
    } else if (function.startsWith("add_partition")) {
      action = "glue:CreatePartition";
      table = call.table();
    } else if (function.equals("get_partitions_by_names")) {
      action = "glue:BatchGetPartition";
      table = call.table();
    } else if (function.startsWith("get_partitions")
        || function.startsWith("get_partition_names")) {
      action = "glue:GetPartitions";
      table = call.table();
    } else if (function.startsWith("get_partition")) {
      action = "glue:GetPartition";
      table = call.table();
    } else if (function.equals("drop_partitions_req")) {
      action = "glue:BatchDeletePartition";
      table = call.table();
    } else if (function.startsWith("drop_partition")) {
      action = "glue:DeletePartition";
      table = call.table();
    } else if (function.equals("alter_partitions")) {
      action = "glue:BatchUpdatePartition";
      table = call.table();
    } else if (function.startsWith("alter_partition")) {
      action = "glue:UpdatePartition";
      table = call.table();
    } else if (function.equals("get_all_functions") || function.equals("get_functions")) {
      action = "glue:GetUserDefinedFunctions";
      table = null;
    } else {
      throw new AssertionError(
          "No Glue Data Catalog action known for the metastore call "
              + origin
              + "; add it to IamRequest.ofCatalogCall");
    }
    List<IamRequest> needed = new ArrayList<>();
    needed.add(new IamRequest(action, catalog + ":catalog", Map.of(), origin));
    if (!database.isEmpty()) {
      needed.add(new IamRequest(action, catalog + ":database/" + database, Map.of(), origin));
    }
    if (table != null && !table.isEmpty() && !database.isEmpty()) {
      needed.add(
          new IamRequest(action, catalog + ":table/" + database + "/" + table, Map.of(), origin));
    }
    return needed;
  }
}
