"""A big download's file, written to S3 in parts (chalicelib/multipart.py), at its edges: what the
organiser downloads must be exactly the bytes written (a zip, as XlsxWriter writes it, must open),
an empty file is a file, closing twice or after an abort is harmless, and the export's log line
says how big the file was and how much of it was held in memory at most."""
import io
import zipfile

import pytest

from chalicelib import aws
from chalicelib.multipart import MultipartWriter

BUCKET = "signups-exports-test"
MIB = 1024 * 1024


def writer(key, part_size=5 * MIB):
    return MultipartWriter(BUCKET, key, content_type="application/octet-stream", disposition="attachment",
                           part_size=part_size)


def stored(key):
    return aws.s3().get_object(Bucket=BUCKET, Key=key)["Body"].read()


def keys():
    return [o["Key"] for o in aws.s3().list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_a_zip_written_front_to_back_opens_and_tell_counts_every_byte(table):
    with writer("sheet.xlsx") as out:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as sheet:
            sheet.writestr("xl/worksheets/sheet1.xml", "<row>Deelnemer</row>" * 5000)
            sheet.writestr("[Content_Types].xml", "<Types/>")
        written = out.tell()
    body = stored("sheet.xlsx")
    assert written == len(body) == out.size
    with zipfile.ZipFile(io.BytesIO(body)) as sheet:
        assert sheet.read("[Content_Types].xml") == b"<Types/>"
        assert sheet.testzip() is None


def test_an_empty_file_is_stored_as_an_empty_file_and_logged_as_nothing_held(table):
    with writer("empty.csv") as out:
        pass
    assert stored("empty.csv") == b""
    assert (out.size, out.peak_buffer, len(out.parts)) == (0, 0, 1)


def test_a_file_of_exactly_two_parts_is_stored_whole(table):
    with writer("two.csv") as out:
        out.write(b"a" * (5 * MIB))
        out.write(b"b" * (5 * MIB))
    assert stored("two.csv") == b"a" * (5 * MIB) + b"b" * (5 * MIB)
    assert len(out.parts) == 2 and 5 * MIB <= out.peak_buffer < 10 * MIB


def test_closing_inside_the_block_then_at_its_end_stores_the_file_once(table):
    with writer("twice.csv") as out:
        out.write(b"naam;organisatie\r\n")
        out.close()
    assert stored("twice.csv") == b"naam;organisatie\r\n"


def test_an_abort_inside_the_block_leaves_nothing_behind_and_the_block_ends_quietly(table):
    with writer("aborted.csv") as out:
        out.write(b"x" * 100)
        out.abort()
        out.abort()
    assert keys() == []
    assert aws.s3().list_multipart_uploads(Bucket=BUCKET).get("Uploads", []) == []


def test_it_cannot_be_sought_so_a_writer_has_to_go_front_to_back(table):
    with writer("seek.csv") as out:
        assert out.seekable() is False
        with pytest.raises(io.UnsupportedOperation):
            out.seek(0)


def test_a_failure_after_the_file_was_closed_keeps_the_file_and_surfaces_as_itself(table):
    with pytest.raises(RuntimeError, match="mail failed"):
        with writer("kept.csv") as out:
            out.write(b"naam\r\n")
            out.close()
            raise RuntimeError("mail failed")
    assert stored("kept.csv") == b"naam\r\n"


def test_the_stored_file_keeps_its_type_and_name_and_is_encrypted_at_rest(table):
    with MultipartWriter(BUCKET, "named.csv", content_type="text/csv; charset=utf-8",
                         disposition='attachment; filename="aanmeldingen.csv"') as out:
        out.write(b"naam\r\n")
    head = aws.s3().head_object(Bucket=BUCKET, Key="named.csv")
    assert head["ContentType"] == "text/csv; charset=utf-8"
    assert head["ContentDisposition"] == 'attachment; filename="aanmeldingen.csv"'
    assert head["ServerSideEncryption"] == "AES256"
