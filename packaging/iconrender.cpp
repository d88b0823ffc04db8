// SPDX-License-Identifier: GPL-3.0-or-later
// Build-time tool: renders the SVG app icon to the PNG sizes of the hicolor theme.
//   iconrender ICON.svg OUTDIR NAME SIZE...
#include <QGuiApplication>
#include <QDir>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

#include <cstdio>

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    if (argc < 5) {
        std::fprintf(stderr, "usage: iconrender ICON.svg OUTDIR NAME SIZE...\n");
        return 2;
    }
    QSvgRenderer svg(QString::fromLocal8Bit(argv[1]));
    if (!svg.isValid()) {
        std::fprintf(stderr, "iconrender: cannot read %s\n", argv[1]);
        return 1;
    }
    const QDir out(QString::fromLocal8Bit(argv[2]));
    const QString name = QString::fromLocal8Bit(argv[3]);
    for (int i = 4; i < argc; ++i) {
        const int size = QByteArray(argv[i]).toInt();
        QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        svg.render(&painter);
        painter.end();
        const QString dir = QStringLiteral("%1x%1/apps").arg(size);
        out.mkpath(dir);
        if (!image.save(out.filePath(dir + QLatin1Char('/') + name + QStringLiteral(".png")))) {
            std::fprintf(stderr, "iconrender: cannot write size %d\n", size);
            return 1;
        }
    }
    return 0;
}
