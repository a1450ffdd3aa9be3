"""A write-only file whose bytes go to one S3 object in parts: memory stays at one part.

The export worker renders into it (CSV chunks, or XlsxWriter's final zip, which zipfile
writes without seeking because ``seek`` is refused). Each full part is uploaded as it
fills; ``close`` uploads the rest and completes the upload; ``abort`` (or an exception
inside a ``with`` block) leaves no object and no stored parts behind.
"""
import io

PART_SIZE = 8 * 1024 * 1024     # S3's minimum is 5 MiB for every part but the last


class MultipartWriter:
    """Not an io.IOBase: that one's finaliser would complete a half-written upload."""

    def __init__(self, bucket: str, key: str, *, content_type: str, disposition: str, part_size: int = PART_SIZE):
        from chalicelib import aws
        self.s3, self.bucket, self.key, self.part_size = aws.s3(), bucket, key, part_size
        self.upload_id = self.s3.create_multipart_upload(
            Bucket=bucket, Key=key, ContentType=content_type, ContentDisposition=disposition,
            ServerSideEncryption="AES256")["UploadId"]
        self.buffer, self.parts, self.size, self.peak_buffer, self.closed = bytearray(), [], 0, 0, False

    def seekable(self):
        return False

    def flush(self):
        pass

    def seek(self, *args):
        raise io.UnsupportedOperation("an upload is written front to back")

    def tell(self):
        return self.size

    def write(self, data) -> int:
        self.buffer += data
        self.size += len(data)
        self.peak_buffer = max(self.peak_buffer, len(self.buffer))
        while len(self.buffer) >= self.part_size:
            self._upload(bytes(self.buffer[:self.part_size]))
            del self.buffer[:self.part_size]
        return len(data)

    def _upload(self, body: bytes) -> None:
        number = len(self.parts) + 1
        etag = self.s3.upload_part(Bucket=self.bucket, Key=self.key, UploadId=self.upload_id,
                                   PartNumber=number, Body=body)["ETag"]
        self.parts.append({"PartNumber": number, "ETag": etag})

    def close(self) -> None:
        if self.closed:
            return
        if self.buffer or not self.parts:
            self._upload(bytes(self.buffer))
            self.buffer.clear()
        self.s3.complete_multipart_upload(Bucket=self.bucket, Key=self.key, UploadId=self.upload_id,
                                          MultipartUpload={"Parts": self.parts})
        self.closed = True

    def abort(self) -> None:
        if not self.closed:
            self.s3.abort_multipart_upload(Bucket=self.bucket, Key=self.key, UploadId=self.upload_id)
            self.buffer.clear()
            self.closed = True

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if error is not None:
            self.abort()
            return False
        self.close()
        return False
