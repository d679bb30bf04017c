# float32-accumulation variant of the transcription (score_t=float), to bound precision differences
import numpy as np, math, sys
sys.path.insert(0,'/work/research/scratch')
from lgb_lambdarank import make_table, get_sigmoid, GAIN, disc, max_dcg_at_k
def lr32(scores, labels, sigmoid=1.0, trunc=30):
    T=make_table(sigmoid); cnt=len(scores); m=max_dcg_at_k(trunc,labels); inv=1.0/m if m>0 else 0.0
    lam=np.zeros(cnt,np.float32); hes=np.zeros(cnt,np.float32)
    order=sorted(range(cnt),key=lambda a:-scores[a]); best=scores[order[0]]; worst=scores[order[-1]]; s=0.0
    for i in range(min(cnt-1,trunc)):
        for j in range(i+1,cnt):
            if labels[order[i]]==labels[order[j]]: continue
            hr,lr=(i,j) if labels[order[i]]>labels[order[j]] else (j,i); hi,lo=order[hr],order[lr]
            ds=scores[hi]-scores[lo]; d=(GAIN[labels[hi]]-GAIN[labels[lo]])*abs(disc(hr)-disc(lr))*inv
            if best!=worst: d/= (float(np.float32(0.01))+abs(ds))
            p=get_sigmoid(ds,T); ph=p*(float(np.float32(1.0))-p); pl=p*(-sigmoid*d); ph*=sigmoid*sigmoid*d
            lam[lo]=np.float32(lam[lo]-np.float32(pl)); hes[lo]=np.float32(hes[lo]+np.float32(ph))
            lam[hi]=np.float32(lam[hi]+np.float32(pl)); hes[hi]=np.float32(hes[hi]+np.float32(ph)); s-=2*pl
    if s>0:
        nf=math.log2(1+s)/s; lam=np.array([np.float32(float(x)*nf) for x in lam]); hes=np.array([np.float32(float(x)*nf) for x in hes])
    return lam,hes
print(lr32([0.5,0.2,0.2],[0,2,1]))
