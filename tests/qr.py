"""Read a QR code back from PNG bytes with zxing-cpp, without Pillow or numpy: a small PNG
decoder (non-interlaced greyscale or palette, bit depth 1-8, as segno writes them)."""
import struct
import zlib


def read_qr(png: bytes) -> list:
    """The texts of the QR codes in a PNG image."""
    import zxingcpp
    width, height, pixels = grey_pixels(png)
    view = memoryview(pixels).cast("B", (height, width))
    return [found.text for found in zxingcpp.read_barcodes(view, formats=zxingcpp.BarcodeFormat.QRCode)]


def grey_pixels(png: bytes):
    """``(width, height, bytes)``: one grey byte (0 black, 255 white) per pixel."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks, idat = 8, {}, b""
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        data = png[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IDAT":
            idat += data
        else:
            chunks[kind] = data
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert colour in (0, 3) and interlace == 0 and depth <= 8, (colour, interlace, depth)
    palette = chunks.get(b"PLTE")
    stride = (width * depth + 7) // 8
    raw, rows, previous = zlib.decompress(idat), [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - 1] if x else 0
            up, corner = previous[x], previous[x - 1] if x else 0
            line[x] = (line[x] + (0, left, up, (left + up) // 2, _paeth(left, up, corner))[kind]) & 0xFF
        rows.append(line)
        previous = line
    out = bytearray()
    for line in rows:
        for x in range(width):
            bit = (line[x * depth // 8] >> (8 - depth - (x * depth) % 8)) & ((1 << depth) - 1)
            if palette:
                r, g, b = palette[bit * 3:bit * 3 + 3]
                out.append((r + g + b) // 3)
            else:
                out.append(bit * 255 // ((1 << depth) - 1))
    return width, height, bytes(out)


def _paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def read_svg(svg: str, px: int = 4) -> list:
    """The texts of the QR code in one of segno's inline SVGs (``checkin.qr_svg``): its path drawn
    into grey pixels, ``px`` to a module, and read as ``read_qr`` reads a PNG."""
    import re
    import zxingcpp
    size = int(re.search(r'd="M0 0h(\d+)v', svg).group(1))
    path = re.search(r'class="qrline"[^>]* d="([^"]+)"', svg).group(1)
    dark, x, y = set(), 0.0, 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            dark.update((int(y), int(x) + i) for i in range(int(float(a))))
            x += float(a)
    pixels = bytes(0 if (row // px, col // px) in dark else 255 for row in range(size * px) for col in range(size * px))
    view = memoryview(pixels).cast("B", (size * px, size * px))
    return [found.text for found in zxingcpp.read_barcodes(view, formats=zxingcpp.BarcodeFormat.QRCode)]
