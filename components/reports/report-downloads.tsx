/* Download buttons for the report on screen: the same query against GET /api/v1/reports (the panel's
 * session cookie authorises it) with format=csv or format=pdf. */
import { Download, FileText } from "lucide-react";
import { buttonClasses } from "@/components/ui/button";

export function ReportDownloads({ query }: { query: Record<string, string> }) {
  const href = (format: "csv" | "pdf") => `/api/v1/reports?${new URLSearchParams({ ...query, format })}`;
  return (
    <div className="flex gap-2">
      <a href={href("csv")} download className={buttonClasses()} data-testid="report-download-csv">
        <Download aria-hidden className="size-4" />
        CSV
      </a>
      <a href={href("pdf")} download className={buttonClasses()} data-testid="report-download-pdf">
        <FileText aria-hidden className="size-4" />
        PDF
      </a>
    </div>
  );
}
